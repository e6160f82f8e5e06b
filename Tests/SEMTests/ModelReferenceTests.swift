import Foundation
import Testing
import _TestSupport
@testable import SEM

// lavaan 0.6.14 references for the models theses use beyond the plain CFA
// (Fixtures/make_model_references.R, every fit at the exact optimum: Newton
// steps on lavaan's gradient to < 1e-12, then optim.method = "none"). Every
// estimate, SE, z, p, CI, std.lv, std.all and fitMeasures() entry within
// 1e-5 · max(|lavaan|, 0.01).

@Suite struct ModelReferenceTests {
  /// A MIMIC model with a mean structure and fixed.x covariates: GFI/AGFI/PGFI
  /// with the covariates' moments weighted out (lavaan: 0.972, 0.906).
  @Test func mimicWithMeans() throws {
    let (_, _, fit) = try compareGrouped("polidem_mimic_means", data: "PoliticalDemocracy.csv",
                                         options: SEMOptions(model: ModelOptions(meanstructure: true)))
    #expect(abs(fit["agfi"]! - 0.905677) < 1e-6)
  }

  /// growth(): observed intercepts 0, latent means free.
  @Test(arguments: ["growth_demo", "growth_demo_covariates"]) func growth(_ name: String) throws {
    try compareGrouped(name, data: "Demo.growth.csv", options: SEMOptions(model: .growth()))
  }

  /// Markers' intercepts fixed to 0, latent means free, two intercepts equal:
  /// converges from the weighted least-squares mean starts (lavaan χ² 132.47, df 25).
  @Test func latentMeansWithMarkerIntercepts() throws {
    let (f, _, _) = try compareGrouped("hs_means_markers", options: SEMOptions(model: ModelOptions(meanstructure: true)))
    #expect(f.df == 25)
  }

  /// c(a, b)*x2: one label per group; c(v3, v3) shared; c(1, NA) fixed in group 1, free in group 2.
  @Test func perGroupModifiers() throws {
    let (f, inf, _) = try compareGrouped("hs_school_cvectors", group: "school")
    let x2 = inf.estimates.filter { $0.op == .measuredBy && $0.rhs == "x2" }
    #expect(Set(x2.map(\.label)) == ["a", "b"])
    #expect(f.q == 58)
  }

  @Test func perGroupModifierCountMustMatchGroups() throws {
    #expect(throws: SyntaxError.self) {
      try SEM.fit(try SEMModel(syntax: "visual =~ x1 + c(a, b, c)*x2 + x3", data: try dataset("HolzingerSwineford1939.csv"), group: "school"))
    }
  }

  @Test func orthogonal() throws {
    try compareGrouped("hs_cfa_orthogonal", options: SEMOptions(model: ModelOptions(orthogonal: true)))
  }

  @Test func satorraBentlerWithGroups() throws {
    try compareGrouped("hs_school_mlm", options: SEMOptions(robust: .mlm), group: "school")
  }

  /// A Heywood case (x6's residual variance −0.011): the whole solution, as lavaan gives it, and the warning.
  @Test func heywoodCaseKeepsItsSolution() throws {
    let (f, _, _) = try compareGrouped("heywood_case")
    #expect(f.diagnostics.contains { if case .heywood(let v, _, _) = $0 { v == "x6" } else { false } })
  }
}

/// lavaan's modindices() with groups, FIML and a mean structure.
@Suite struct GeneralModificationTests {
  struct Reference: Decodable {
    struct Row: Decodable {
      var lhs: String, op: Operator, rhs: String, group: Int, mi: Double, epc: Double, sepc_lv: Double?, sepc_all: Double?
      enum CodingKeys: String, CodingKey { case lhs, op, rhs, group, mi, epc, sepc_lv = "sepc.lv", sepc_all = "sepc.all" }
    }
    var model: String
    var modindices: [Row]
  }

  @Test(arguments: [("hs_school_modindices", "HolzingerSwineford1939.csv"), ("hs_fiml_modindices", "HolzingerSwineford1939-missing.csv"),
                    ("hs_means_modindices", "HolzingerSwineford1939.csv"), ("polidem_modindices", "PoliticalDemocracy.csv")])
  func matchesLavaan(_ name: String, _ data: String) throws {
    let url = packageRoot.appendingPathComponent("Tests/SEMTests/Fixtures/\(name).json")
    let ref = try JSONDecoder().decode(Reference.self, from: Data(contentsOf: url))
    var options = SEMOptions()
    if name.contains("fiml") { options.missing = .fiml }
    if name.contains("means") { options.model.meanstructure = true }
    let f = try SEM.fit(try SEMModel(syntax: ref.model, data: try dataset(data), options: options, group: name.contains("school") ? "school" : nil))
    let ours = try ModificationIndices.compute(f, try Inference(f))
    #expect(ours.count == ref.modindices.count)
    for r in ref.modindices {
      let o = try #require(ours.first { $0.lhs == r.lhs && $0.op == r.op && $0.rhs == r.rhs && $0.group == r.group }, "\(r.lhs) \(r.op) \(r.rhs) [\(r.group)]")
      #expect(agrees(o.mi, r.mi) && agrees(o.epc, r.epc) && agrees(o.sepcLV, r.sepc_lv) && agrees(o.sepcAll, r.sepc_all),
              "\(name) \(r.lhs) \(r.op) \(r.rhs) [\(r.group)]: \(o.mi) \(o.epc) \(o.sepcLV) \(o.sepcAll) vs \(r.mi) \(r.epc) \(r.sepc_lv ?? .nan) \(r.sepc_all ?? .nan)")
    }
  }
}

/// General constraints: a linear and a nonlinear equality, an inequality that
/// binds and one that does not — estimates, SEs (lavaan's augmented
/// information), npar and df as lavaan has them.
@Suite struct ConstraintReferenceTests {
  @Test(arguments: [("hs_equality_constraint", 25), ("hs_nonlinear_constraint", 25), ("hs_inequality_active", 24), ("hs_inequality_inactive", 24)])
  func matchesLavaan(_ name: String, _ df: Int) throws {
    let (f, _, fit) = try compareGrouped(name)
    #expect(f.df == df && fit["df"] == Double(df))
  }

  @Test func activeSetIsReported() throws {
    let (active, _, _) = try compareGrouped("hs_inequality_active")
    #expect(active.activeConstraints == [0])
    let (inactive, _, _) = try compareGrouped("hs_inequality_inactive")
    #expect(inactive.activeConstraints.isEmpty)
  }

  @Test func constraintOnAnUnknownLabelIsASyntaxError() throws {
    #expect(throws: SyntaxError.self) {
      try SEM.fit(try SEMModel(syntax: "visual =~ x1 + a*x2 + x3\nb > 0", data: try dataset("HolzingerSwineford1939.csv")))
    }
  }
}

@Suite struct ModifierAndConstraintFormTests {
  /// `0.6 < a` is `a > 0.6`: the same optimum as the reference.
  @Test func lessThanWrittenTheOtherWay() throws {
    let ref = try reference("hs_inequality_active")
    let f = try SEM.fit(try SEMModel(syntax: ref.model.replacingOccurrences(of: "a > 0.6", with: "0.6 < a"), data: try dataset("HolzingerSwineford1939.csv")))
    expectEstimates("hs_inequality_active (0.6 < a)", ref.parameterEstimates, try Inference(f))
  }

  /// start(c(…)) and a label c(…) on one term: each group gets its own of both; the optimum does not move.
  @Test func startValuesPerGroup() throws {
    let ref = try reference("hs_school_cvectors")
    let syntax = ref.model.replacingOccurrences(of: "c(a, b)*x2", with: "c(a, b)*start(c(0.4, 0.9))*x2")
    let table = try ParameterTable.build(try ModelSyntax.parse(syntax), options: ModelOptions(groups: 2))
    let x2 = table.rows.filter { $0.op == .measuredBy && $0.rhs == "x2" }
    #expect(x2.map(\.label) == ["a", "b"] && x2.map(\.ustart) == [0.4, 0.9])
    let f = try SEM.fit(try SEMModel(syntax: syntax, data: try dataset("HolzingerSwineford1939.csv"), group: "school"))
    expectEstimates("hs_school_cvectors (start values)", ref.parameterEstimates, try Inference(f))
  }
}
