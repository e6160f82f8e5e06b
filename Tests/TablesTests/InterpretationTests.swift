import Foundation
import Psychometrics
import Report
import SEM
import Survey
@testable import Tables
import Testing
import _TestSupport

// The interpretation paragraphs and the notes the tables carry, built from real
// results in both languages: every format entry is filled (no placeholder is
// left), each says what its numbers say (the verdict follows the threshold),
// and the numbers quoted are the results' own, formatted as the tables show them.

private let hsModel = "visual =~ x1 + x2 + x3\ntextual =~ x4 + x5 + x6\nspeed =~ x7 + x8 + x9"

private func frame(_ name: String) throws -> DataFrame { try DataFrameReader.readCSV(path: referenceDataset(name)) }

private func expectFilled(_ text: String, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
  #expect(!text.isEmpty, "\(what) is empty", sourceLocation: sourceLocation)
  #expect(text.firstMatch(of: /%(\d+\$)?[@ds]|%\.\d+f/) == nil, "\(what) keeps a placeholder: \(text)", sourceLocation: sourceLocation)
}

@Suite struct InterpretationTests {
  static let languages = [Labels(.zh), Labels(.en)]

  @Test func measurementModel() throws {
    let data = try frame("HolzingerSwineford1939.csv")
    let (_, r) = try SEM.analyse(try SEMModel(syntax: hsModel, data: data), data: data, measurement: true)
    for L in Self.languages {
      let fit = Interpretation.fit(r, FitCutoffs(), L)
      expectFilled(fit, "fit")
      // HS's RMSEA (0.092) misses 0.08: the fit is called poor, and the index named with its value.
      #expect(fit.contains("RMSEA = 0.092"))
      #expect(fit.contains(L.language == .zh ? "拟合欠佳" : "the fit is poor"))
      let validity = Interpretation.validity(r, L)
      expectFilled(validity, "validity")
      // visual's AVE is below 0.50 (x2's loading is weak).
      let ave = try #require(r.reliability?.first { $0.factor == "visual" }?.ave)
      #expect(ave < 0.5 && validity.contains(String(format: "%.3f", ave)))
    }
  }

  @Test func structuralPathsAndIndirectEffects() throws {
    let data = try frame("PoliticalDemocracy.csv")
    let syntax = "ind60 =~ x1 + x2 + x3\ndem60 =~ y1 + y2 + y3 + y4\ndem65 =~ y5 + y6 + y7 + y8\ndem60 ~ ind60\ndem65 ~ ind60 + dem60"
    let (_, r) = try SEM.analyse(try SEMModel(syntax: syntax, data: data), data: data)
    for L in Self.languages {
      let paths = Interpretation.paths(r, L)
      expectFilled(paths, "paths")
      for e in r.parameters where e.op == .regression {
        #expect(paths.contains("\(e.rhs) → \(e.lhs)") && paths.contains(String(format: "%.3f", e.stdAll)))
      }
      let significant = Interpretation.indirect(path: "ind60 → dem60 → dem65", effect: 0.5, lower: 0.2, upper: 0.9, bootstrap: true, L)
      let not = Interpretation.indirect(path: "ind60 → dem60 → dem65", effect: 0.1, lower: -0.2, upper: 0.4, bootstrap: false, L)
      expectFilled(significant, "indirect")
      expectFilled(not, "indirect")
      #expect(significant.contains("[0.200, 0.900]") && not.contains("[-0.200, 0.400]"))
      #expect(significant.contains(L.language == .zh ? "中介效应显著" : "the mediation is significant"))
      #expect(not.contains(L.language == .zh ? "未得到支持" : "not supported"))
    }
  }

  @Test func reliabilityFactorsAndCorrelations() throws {
    let data = try frame("bfi.csv")
    let items = ["A1", "A2", "A3", "A4", "A5", "C1", "C2", "C3", "C4", "C5"]
    // A1 is reverse-worded and left unreversed: A's α is low and A1 is named as the weak item.
    let scales = try [("A", Array(items[0..<5])), ("C", Array(items[5...]))].map { name, cols in
      try Reliability.alpha(try ItemSample.from(data, items: cols, purpose: "test"), name: name)
    }
    let report = ReliabilityReport(scales: scales, alphaCutoff: 0.7, citcCutoff: 0.3)
    let efa = try EFA.run(try ItemSample.from(data, items: items, purpose: "test"), options: EFAOptions(factors: 2))
    let corr = try CorrelationTable.compute(data, variables: ["A2", "A3", "C2", "C3"])
    for L in Self.languages {
      let rel = Interpretation.reliability(report, L)
      expectFilled(rel, "reliability")
      #expect(rel.contains("A1"))
      for s in scales { #expect(rel.contains(String(format: "%.3f", s.alpha))) }
      let fa = Interpretation.factorAnalysis(efa, cut: Interpretation.salientLoading, L)
      expectFilled(fa, "factor analysis")
      #expect(fa.contains(String(format: "%.3f", efa.kmo.overall)) && fa.contains("2"))
      let c = Interpretation.correlations(corr, L)
      expectFilled(c, "correlations")
      #expect(c.contains(L.language == .zh ? "6 对变量中" : "Of 6 pairs"))
    }
  }
}

@Suite struct TableNotesTests {
  /// The invariance table's note follows the parameterization the result
  /// carries — not words in its notes — and WLSMV's steps stop at scalar under delta.
  @Test func invarianceNotesFollowTheParameterization() throws {
    let data = try frame("HolzingerSwineford1939.csv")
    var r = try Invariance.run(syntax: hsModel, data: data, group: "school", options: SEMOptions())
    #expect(r.parameterization == nil)
    for L in InterpretationTests.languages {
      let plain = try #require(InvarianceTables.make(r, labels: L).first?.notes.first)
      expectFilled(plain, "invariance note")
      #expect(plain.contains(L.format(.invRule, 0.01, 0.015)))
      r.parameterization = .delta
      let delta = try #require(InvarianceTables.make(r, labels: L).first?.notes.first)
      #expect(delta.contains(L[.invOrdinalDelta]) && !delta.contains(L[.invOrdinalTheta]))
      r.parameterization = .theta
      let theta = try #require(InvarianceTables.make(r, labels: L).first?.notes.first)
      #expect(theta.contains(L[.invOrdinalTheta]))
      r.parameterization = nil
    }
  }

  /// FIML's note names the cases and patterns it used.
  @Test func fimlNote() throws {
    let data = try frame("HolzingerSwineford1939-missing.csv")
    var options = SEMOptions()
    options.missing = .fiml
    let (_, r) = try SEM.analyse(try SEMModel(syntax: hsModel, data: data, options: options), data: data)
    for L in InterpretationTests.languages {
      let note = try #require(SEMTables.notes(r, L).first)
      expectFilled(note, "SEM note")
      #expect(note.contains(L.format(.semFiml, r.nobs[0], r.patterns ?? 0)) && note.contains(L.format(.semConverged, r.iterations)))
    }
  }
}
