// Tables of reliability, sampling adequacy, correlations and EFA.

import Report
import Survey
import Psychometrics
import Validity
import Foundation

/// Tables of `reliability`, `adequacy`, `corr` and `efa`.
public enum PsychometricsTables {
  public static func n3(_ v: Double) -> Cell { v.isFinite ? .number(v, decimals: 3) : .empty }

  /// Which missing-value treatment gave the numbers, and on how many cases.
  public static func missingNote(use: MissingHandling, n: Int, pairwiseN: [Int], dropped: Int, _ L: Labels) -> String {
    use == .pairwise
      ? L.format(.missingPairwise, n, pairwiseN.first ?? n, pairwiseN.last ?? n)
      : L.format(.missingListwise, n, dropped)
  }

  public static func reliability(_ r: ReliabilityReport, _ L: Labels) -> [Table] {
    let level = Int(((r.scales.first?.ciLevel ?? 0.95) * 100).rounded())
    var summary: [[Cell]] = []
    for s in r.scales {
      summary.append([.text(s.name), .integer(s.items.count), .integer(s.n), n3(s.alpha), n3(s.alphaStd),
                      .text(String(format: "[%.3f, %.3f]", s.alphaCILower, s.alphaCIUpper)),
                      s.omegaTotal.map(n3) ?? .empty, s.omegaHierarchical.map { n3($0.omegaH) } ?? .empty,
                      s.omegaHierarchical.map { n3($0.omegaTotal) } ?? .empty, n3(s.g6), n3(s.averageR),
                      .text(s.alpha >= r.alphaCutoff ? L[.relOk] : L[.relLow])])
    }
    let groupFactors = r.scales.compactMap { s in s.omegaHierarchical.map { "\(s.name) \($0.factors)" } }.joined(separator: ", ")
    var notes = [L.format(.relNote, r.alphaCutoff), L.format(.relOmega, groupFactors.isEmpty ? "—" : groupFactors)]
    let ordinal = r.scales.filter { $0.correlation == .polychoric }.map(\.name)
    if !ordinal.isEmpty { notes.append(L.format(.relOrdinal, ordinal.joined(separator: ", "))) }
    let missing = r.scales.map { missingNote(use: $0.use, n: $0.n, pairwiseN: $0.pairwiseN, dropped: 0, L) }
    if Set(missing).count == 1 {
      notes.append(missing[0])
    } else if r.scales.allSatisfy({ $0.use == .listwise }) {
      // Each scale's complete cases are its N column: one note, not one per scale.
      notes.append(L[.missingListwiseEach])
    } else {
      notes += zip(r.scales, missing).map { "\($0.name): \($1)" }
    }
    for s in r.scales {
      if !s.reversed.isEmpty {
        notes.append(L.format(.relReversed, L[r.checkKeys ? .relCheckKeys : .relNamed], s.reversed.joined(separator: ", ")))
      }
      notes += s.warnings.map(L.text)
    }
    var tables = [Table(
      title: L[.relTitle],
      headers: [L[.relScale], L[.relItems], "N", "α", L[.relAlphaStd], "\(level)% CI (Feldt)", "ω", "ω_h", "ω_t", "λ6", L[.relAverageR], L[.relVerdict]],
      rows: summary,
      notes: notes)]
    for s in r.scales {
      // Ordinal items: the scale's raw moments are not what α was computed from; only matrix statistics are shown.
      let raw = s.correlation == .pearson
      let rows: [[Cell]] = s.itemStats.map { st in
        [.text(st.item)] + (raw ? [n3(st.mean), n3(st.sd), n3(st.scaleMeanIfDeleted), n3(st.scaleVarianceIfDeleted)] : [n3(st.mean)])
          + [n3(st.citc), n3(st.smc), n3(st.alphaIfDeleted),
             .text(st.citc < r.citcCutoff ? L[.relLowCITC] : (st.alphaIfDeleted > s.alpha ? L[.relRaises] : ""))]
      }
      tables.append(Table(
        title: L.format(.relItemTitle, s.name),
        headers: [L[.relItem], L[.mean]] + (raw ? [L[.sd], L[.relMeanIfDeleted], L[.relVarIfDeleted]] : [])
          + ["CITC", "SMC", L[.relAlphaIfDeleted], L[.relFlag]],
        rows: rows,
        notes: [L.format(.relItemNote, r.citcCutoff, String(format: "%.3f", s.alpha))]))
    }
    return tables
  }

  public static func kmoVerdict(_ v: Double, _ L: Labels) -> String {
    // Kaiser (1974).
    v >= 0.9 ? L[.kmoMarvelous] : v >= 0.8 ? L[.kmoMeritorious] : v >= 0.7 ? L[.kmoMiddling]
      : v >= 0.6 ? L[.kmoMediocre] : v >= 0.5 ? L[.kmoMiserable] : L[.kmoUnacceptable]
  }

  public static func adequacy(_ a: Adequacy, _ L: Labels) -> [Table] {
    var t = adequacy(n: a.n, kmo: a.kmo, bartlett: a.bartlett, L)
    t[0].notes.append(missingNote(use: a.use, n: a.n, pairwiseN: a.pairwiseN, dropped: a.dropped, L))
    return t
  }

  public static func adequacy(n: Int, kmo: Adequacy.KMO, bartlett: Adequacy.Bartlett, _ L: Labels) -> [Table] {
    let a = (n: n, kmo: kmo, bartlett: bartlett)
    let p = L.p(a.bartlett.pvalue)
    return [
      Table(title: L[.kmoTitle], headers: [L[.kmoStatistic], L[.fitValue], L[.relVerdict]],
            rows: [[.text("KMO"), n3(a.kmo.overall), .text(kmoVerdict(a.kmo.overall, L))],
                   [.text(L[.kmoBartlettChi]), .number(a.bartlett.chisq, decimals: 3), .text("")],
                   [.text("df"), .integer(a.bartlett.df), .text("")],
                   [.text("p"), p, .text(a.bartlett.pvalue < 0.05 ? L[.kmoFactorable] : L[.kmoNotFactorable])]],
            notes: [L.format(.kmoNote, a.n)]),
      Table(title: L[.kmoMsa], headers: [L[.relItem], "MSA"],
            rows: zip(a.kmo.items.names, a.kmo.items.values).map { [.text($0), n3($1)] },
            notes: [L[.kmoMsaNote]]),
    ]
  }

  public static func correlation(_ t: CorrelationTable, _ L: Labels) -> Table {
    let k = t.variables.count
    var rows: [[Cell]] = []
    for i in 0..<k {
      var row: [Cell] = [.text("\(i + 1). \(t.variables[i])"), n3(t.means[i]), n3(t.sds[i])]
      for j in 0..<k {
        if j < i {
          row.append(.text(String(format: "%.3f", t.r[i][j]) + CorrelationTable.stars(t.p[i][j])))
        } else if j == i {
          row.append(t.diagonal.map { .text(String(format: "(%.3f)", $0[i])) } ?? .text("1"))
        } else {
          row.append(.text(""))
        }
      }
      rows.append(row)
    }
    let method = switch t.method { case .pearson: "Pearson"; case .spearman: "Spearman"; case .polychoric: L[.corrPolychoricName] }
    var notes = [L[.corrStars], L.format(.corrMethod, method,
                                         t.missing == .listwise ? L[.corrListwise] : L[.corrPairwise], t.n.joined().min() ?? 0)]
    if t.method == .polychoric {
      notes.append(L[.corrPolychoric])
      if let continuous = t.continuous, !continuous.isEmpty { notes.append(L.format(.corrPolyserial, continuous.joined(separator: ", "))) }
      if let sparse = t.sparsePairs, !sparse.isEmpty {
        let listed = sparse.prefix(5).map { "\($0.first)–\($0.second)" }.joined(separator: ", ") + (sparse.count > 5 ? " …" : "")
        notes.append(L.format(.corrPolychoricSparse, sparse.count, listed))
      }
    }
    if t.diagonal != nil { notes.append(L[.corrDiagonal]) }
    return Table(title: L[.corrTitle], headers: [L[.variable], L[.mean], L[.sd]] + (1...k).map { "\($0)" }, rows: rows, notes: notes)
  }

  /// The thresholds of polychoric correlations: one row per item, τ₁ … τ_{K−1}.
  public static func thresholds(_ t: CorrelationTable, _ L: Labels) -> Table? {
    guard let thresholds = t.thresholds, let levels = t.levels else { return nil }
    let width = thresholds.map(\.count).max() ?? 0
    // Continuous variables (polyserial) have no thresholds.
    let rows: [[Cell]] = t.variables.indices.filter { !levels[$0].isEmpty }.map { i in
      [.text(t.variables[i]), .text(levels[i].map { $0 == $0.rounded() ? String(Int($0)) : String($0) }.joined(separator: ", "))]
        + (0..<width).map { k in k < thresholds[i].count ? n3(thresholds[i][k]) : .text("") }
    }
    return Table(title: L[.corrThresholdsTitle], headers: [L[.variable], L[.corrCategories]] + (1...max(1, width)).map { "τ\($0)" },
                 rows: rows, notes: [L[.corrThresholdsNote]])
  }

  public static func efa(_ r: EFAResult, cut: Double, labels L: Labels) -> [Table] {
    var tables = adequacy(n: r.n, kmo: r.kmo, bartlett: r.bartlett, L)
    tables[0].notes.append(missingNote(use: r.use, n: r.n, pairwiseN: r.pairwiseN, dropped: r.dropped, L))
    if r.correlation == .polychoric { tables[0].notes.append(L[.efaPolychoric]) }
    tables.removeLast()  // per-item MSA: in JSON; the factor table is what readers need here
    let p = r.items.count
    let k = r.factors.count
    // Total variance explained (SPSS's layout): initial eigenvalues, then the rotated sums of squares.
    var cum = 0.0
    var varRows: [[Cell]] = []
    for i in 0..<p {
      cum += r.eigenvalues[i] / Double(p) * 100
      var row: [Cell] = [.integer(i + 1), n3(r.eigenvalues[i]), .number(r.eigenvalues[i] / Double(p) * 100, decimals: 2), .number(cum, decimals: 2)]
      if i < k {
        row += [n3(r.variance.ssLoadings[i]), .number(r.variance.proportion[i] * 100, decimals: 2), .number(r.variance.cumulative[i] * 100, decimals: 2)]
      } else {
        row += [.text(""), .text(""), .text("")]
      }
      varRows.append(row)
    }
    var varNotes = [L.format(.efaVarNote, L[method: r.method], L[rotation: r.rotation])]
    if r.rotation.isOblique { varNotes.append(L[.efaObliqueSS]) }
    tables.append(Table(title: L[.efaVariance],
                        headers: [L[.efaFactor], L[.efaEigenvalue], L[.efaPctVar], L[.efaCumPct], L[.efaSs], L[.efaPctVar], L[.efaCumPct]],
                        rows: varRows, notes: varNotes))
    if let pa = r.parallel {
      let obs = r.method == .pca ? pa.observedComponents : pa.observedFactors
      let sim = r.method == .pca ? pa.simulatedComponentsQuantile : pa.simulatedFactorsQuantile
      let shown = min(p, max(k, r.method == .pca ? pa.suggestedComponents : pa.suggestedFactors) + 3)
      tables.append(Table(
        title: L[.efaParallelTitle],
        headers: [L[.efaFactor], L[.efaObserved], L[pa.quantile == nil ? .efaParallelMean : .efaParallel95], L[.efaRetain]],
        rows: (0..<shown).map { i in [.integer(i + 1), n3(obs[i]), n3(sim[i]), .text(obs[i] > sim[i] && i < (r.method == .pca ? pa.suggestedComponents : pa.suggestedFactors) ? "✓" : "")] },
        notes: [L.format(.efaParallelNote, pa.suggestedFactors, pa.suggestedComponents, pa.kaiser, pa.iterations, pa.seed)]))
    }
    let rows: [[Cell]] = r.sortedRows.map { row in
      [.text(row.item)] + row.loadings.map { abs($0) < cut ? .text("") : .number($0, decimals: 3) } + [n3(row.h2), n3(row.u2), .number(row.complexity, decimals: 2)]
    }
    var notes = [L.format(.efaLoadNote, L[method: r.method], L[rotation: r.rotation], r.n)]
    if cut > 0 { notes.append(L.format(.efaCutNote, cut)) }
    notes += r.warnings.map(L.text)
    tables.append(Table(title: L[r.rotation == .none ? .efaLoadings : .efaRotated],
                        headers: [L[.relItem]] + r.factors + ["h²", "u²", L[.efaComplexity]], rows: rows, notes: notes))
    if let phi = r.phi {
      tables.append(Table(title: L[.efaPhi], headers: [""] + r.factors,
                          rows: (0..<k).map { i in [.text(r.factors[i])] + (0..<k).map { j in j <= i ? n3(phi[i][j]) : .text("") } }))
    }
    if let fit = r.fit, r.method != .pca {
      tables.append(Table(title: L[.efaFit], headers: ["χ²", "df", "p", "TLI", "RMSEA", "RMSEA 90% CI", "BIC", L[.efaObjective]],
                          rows: [[.number(fit.chisq, decimals: 3), .integer(fit.df), L.p(fit.pvalue),
                                  n3(fit.tli), fit.rmsea.map(n3) ?? .empty,
                                  .text(String(format: "[%@, %@]", fit.rmseaLower.map { String(format: "%.3f", $0) } ?? "—", fit.rmseaUpper.map { String(format: "%.3f", $0) } ?? "—")),
                                  fit.bic.map { .number($0, decimals: 3) } ?? .empty, n3(fit.objective)]],
                          notes: [L[.efaFitNote]]))
    }
    return tables
  }
}

/// Tables of `cmb` (and the study's common-method-bias section).
public enum CommonMethodTables {
  public static func make(_ c: CommonMethodBias, _ L: Labels) -> [Table] {
    func pct(_ v: Double) -> Cell { .text(String(format: "%.2f%%", 100 * v)) }
    func f3(_ v: Double?) -> String { v.map { String(format: "%.3f", $0) } ?? "—" }
    let harman = Table(
      title: L[.cmbTitle] + " (Harman)", headers: [L[.cmbTest], L[.fitValue]],
      rows: [[.text(L[.cmbHarmanPCA]), pct(c.harmanPCA)], [.text(L[.cmbHarmanEFA]), pct(c.harmanEFA)]],
      notes: [L.format(.cmbHarmanNote, c.kaiser, c.firstEigenvalue, c.n)])
    func row(_ name: String, _ f: ModelFitSummary) -> [Cell] {
      [.text(name), .number(f.chisq, decimals: 3), .integer(Int(f.df)), .number(f.chisq / f.df, decimals: 3), .number(f.cfi, decimals: 3),
       .number(f.tli, decimals: 3), .number(f.rmsea, decimals: 3), .number(f.srmr, decimals: 3)]
    }
    var rows = [row(L[.cmbOneFactor], c.oneFactor), row(L[.cmbMeasurement], c.measurement)]
    if let u = c.ulmc { rows.append(row(L[.cmbUlmc], u)) }
    let p = String(L.pText(c.deltaPvalue).dropFirst(2))
    let note = L.format(.cmbModelsNote, String(format: "%.0f", c.deltaDf), String(format: "%.3f", c.deltaChisq), p, String(format: "%.3f", c.deltaCFI),
                      f3(c.ulmcDeltaCFI), f3(c.ulmcDeltaRMSEA), c.methodVariance.map { String(format: "%.1f%%", 100 * $0) } ?? "—",
                      c.traitVariance.map { String(format: "%.1f%%", 100 * $0) } ?? "—")
    let models = Table(title: L[.cmbModels], headers: [L[.cmbModel], "χ²", "df", "χ²/df", "CFI", "TLI", "RMSEA", "SRMR"], rows: rows,
                       notes: [note] + c.warnings.map(L.text))
    return [harman, models]
  }
}
