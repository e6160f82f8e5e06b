import Foundation
import Testing
import _TestSupport

// The ordinal options from the command line: cfa --ordered (WLSMV by
// default, thresholds in the output), corr --method polychoric, reliability
// --ordinal, efa --cor poly, and their bad inputs (exit status 2, nothing written).

private let hsOrdinal = packageRoot.appendingPathComponent("Tests/SEMTests/Fixtures/ordinal/hs_ordinal.csv").path
private let hsMixed = packageRoot.appendingPathComponent("Tests/SEMTests/Fixtures/ordinal/hs_mixed.csv").path
private let bfi = packageRoot.appendingPathComponent("Datasets/reference/bfi.csv").path
private let hsModel = "visual =~ x1 + x2 + x3; textual =~ x4 + x5 + x6; speed =~ x7 + x8 + x9"

struct OrdinalCommandTests {
  @Test func cfaOrderedIsWLSMVWithThresholds() throws {
    let r = try run(["cfa", "--data", hsOrdinal, "--syntax", hsModel, "--ordered", "all", "--format", "json"])
    #expect(r.status == 0, "\(r.stderr)")
    let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
    #expect(json["estimator"] as? String == "WLSMV")
    let rows = json["parameters"] as! [[String: Any]]
    #expect(rows.filter { $0["op"] as? String == "|" }.count == 27)
    let fit = json["fit"] as! [String: Any]
    // lavaan 0.6.14: chisq.scaled 74.1524857995347 on 24 df (Fixtures/ordinal/hs_ordinal_wlsmv.json).
    #expect(abs((fit["chisq.scaled"] as! Double) - 74.1524857995347) < 1e-4)
    #expect(fit["logl"] == nil && fit["wrmr"] != nil)
    // Items with 4 categories fitted as continuous: the hint.
    let plain = try run(["cfa", "--data", hsOrdinal, "--syntax", hsModel])
    #expect(plain.status == 0 && plain.stderr.contains("--ordered all"))
    // The theta parameterization: the scale factors (lavaan: x1 ~*~ x1 = 0.62143023777973).
    let theta = try run(["cfa", "--data", hsOrdinal, "--syntax", hsModel, "--ordered", "all", "--parameterization", "theta", "--format", "json"])
    let t = try JSONSerialization.jsonObject(with: Data(theta.stdout.utf8)) as! [String: Any]
    #expect(t["parameterization"] as? String == "theta")
    let scale = (t["parameters"] as! [[String: Any]]).first { $0["op"] as? String == "~*~" && $0["lhs"] as? String == "x1" }
    #expect(abs((scale?["est"] as? Double ?? 0) - 0.62143023777973) < 1e-6)
    // Two groups, the configural model (lavaan: Fixtures/ordinal/hs_ordinal_wlsmv_school.json).
    let groups = try run(["cfa", "--data", hsOrdinal, "--syntax", hsModel, "--ordered", "all", "--group", "school", "--format", "json"])
    #expect(groups.status == 0, "\(groups.stderr)")
    let g = try JSONSerialization.jsonObject(with: Data(groups.stdout.utf8)) as! [String: Any]
    #expect(abs(((g["fit"] as! [String: Any])["chisq.scaled"] as! Double) - 94.0477556210223) < 1e-4)
  }

  /// Some indicators ordered, the others continuous (lavaan: Fixtures/ordinal/mixed_ordinal_hs.json, chisq.scaled 82.9480181947059).
  @Test func mixedOrderedAndContinuous() throws {
    let r = try run(["cfa", "--data", hsMixed, "--syntax", hsModel, "--ordered", "x4:x9", "--format", "json"])
    #expect(r.status == 0, "\(r.stderr)")
    let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
    #expect(json["continuous"] as? [String] == ["x1", "x2", "x3"])
    #expect(abs(((json["fit"] as! [String: Any])["chisq.scaled"] as! Double) - 82.9480181947059) < 1e-4)
    let rows = json["parameters"] as! [[String: Any]]
    #expect(rows.filter { $0["op"] as? String == "|" }.count == 18)
    #expect(rows.contains { $0["op"] as? String == "~1" && $0["lhs"] as? String == "x1" && (($0["se"] as? Double) ?? 0) > 0 })
    let text = try run(["cfa", "--data", hsMixed, "--syntax", hsModel, "--ordered", "x4:x9"])
    #expect(text.stdout.contains("x1, x2, x3") && text.stdout.contains("Muthén"))
  }

  @Test func invarianceOrdered() throws {
    // Wu & Estabrook's steps as measEq.syntax (Fixtures/ordinal/invariance_ordinal_hs.json):
    // Δχ² configural → thresholds 6.27694316499612 on 9 df (lavTestLRT, satorra.2000).
    let r = try run(["invariance", "--data", hsOrdinal, "--syntax", hsModel, "--group", "school", "--ordered", "all", "--format", "json"])
    #expect(r.status == 0, "\(r.stderr)")
    let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
    let steps = json["steps"] as! [[String: Any]]
    #expect(steps.map { $0["model"] as! String } == ["configural", "thresholds", "metric", "scalar"])
    #expect(abs((steps[1]["chisq_diff"] as! Double) - 6.27694316499612) < 1e-4)
    #expect((json["notes"] as! [String]).contains { $0.contains("Wu & Estabrook") })
    let zh = try run(["invariance", "--data", hsOrdinal, "--syntax", hsModel, "--group", "school", "--ordered", "all", "--parameterization", "theta"])
    #expect(zh.status == 0 && zh.stdout.contains("严格等值") && zh.stdout.contains("Satorra（2000）"), "\(zh.stderr)")
    // A model that writes thresholds itself, and binary items: refused.
    try expectBadInput(["invariance", "--data", hsOrdinal, "--syntax", hsModel + "; x1 | t1", "--group", "school", "--ordered", "all"], ["'|'"])
  }

  @Test(.tags(.slow), .enabled(if: slowTestsEnabled)) func orderedBadInput() throws {
    try expectBadInput(["cfa", "--data", hsPath, "--syntax", hsModel, "--ordered", "all"], ["x1", "whole-number categories"])
    // A continuous exogenous predictor among ordered indicators (lavaan would condition on it).
    try expectBadInput(["sem", "--data", hsOrdinal, "--syntax", "textual =~ x4 + x5 + x6; textual ~ x1", "--ordered", "x4:x6"], ["x1", "conditional.x"])
    try expectBadInput(["cfa", "--data", hsOrdinal, "--syntax", hsModel, "--estimator", "wlsmv"], ["--ordered"])
    try expectBadInput(["cfa", "--data", hsOrdinal, "--syntax", hsModel, "--ordered", "all", "--estimator", "mlr"], ["wlsmv"])
    try expectBadInput(["cfa", "--data", hsOrdinal, "--syntax", hsModel, "--ordered", "x1,nope"], ["nope"])
    try expectBadInput(["cfa", "--data", hsOrdinal, "--syntax", hsModel + "; x1 ~ 1", "--ordered", "all"], ["x1", "intercept", "line"])
    try expectBadInput(["cfa", "--data", hsOrdinal, "--syntax", hsModel + "; x1 | t4", "--ordered", "all"], ["x1", "4 categories", "t4"])
    try expectBadInput(["cfa", "--data", hsOrdinal, "--syntax", hsModel + "; x1 | t1"], ["x1", "not declared ordered"])
    try expectBadInput(["cfa", "--data", hsOrdinal, "--syntax", hsModel, "--parameterization", "theta"], ["--ordered"])
    try expectBadInput(["cfa", "--data", hsOrdinal, "--syntax", hsModel, "--ordered", "all", "--group", "school", "--group-equal", "loadings,intercepts"],
                       ["intercepts", "hold the thresholds equal", "(option: --group-equal)"])
    try expectBadInput(["cfa", "--data", hsOrdinal, "--syntax", hsModel, "--ordered", "all", "--group", "school", "--group-equal", "thresholds,residuals"],
                       ["residuals", "delta parameterization"])
    try expectBadInput(["corr", "--data", hsPath, "--items", "x1:x3", "--method", "polychoric"], ["x1", "whole-number"])
  }

  @Test func polychoricTablesFromTheCommandLine() throws {
    let c = try run(["corr", "--data", bfi, "--items", "A1:A5", "--method", "polychoric", "--format", "json"])
    #expect(c.status == 0, "\(c.stderr)")
    let corr = try JSONSerialization.jsonObject(with: Data(c.stdout.utf8)) as! [String: Any]
    #expect(corr["method"] as? String == "polychoric" && (corr["thresholds"] as? [[Double]])?.count == 5)
    // The exact pairwise polychoric of A1 and A2 (Fixtures/ordinal/polychoric_bfi.json).
    #expect(abs(((corr["r"] as! [[Double]])[1][0]) - -0.40845072522919) < 1e-8)
    let rel = try run(["reliability", "--data", bfi, "--scale", "A=A1:A5", "--reverse", "A1", "--ordinal", "--format", "json"])
    #expect(rel.status == 0, "\(rel.stderr)")
    #expect(rel.stdout.contains("\"correlation\" : \"polychoric\""))
    // KMO and Bartlett on the polychorics (Fixtures/ordinal/kmo_ordinal.R: psych on lavCor's matrix, 3e-8 from ours).
    let ref = try JSONSerialization.jsonObject(with: Data(contentsOf: packageRoot.appendingPathComponent("Tests/SEMTests/Fixtures/ordinal/kmo_ordinal.json"))) as! [String: Any]
    let kmo = try run(["adequacy", "--data", bfi, "--items", "A1:A5", "--cor", "poly", "--format", "json"])
    let k = try JSONSerialization.jsonObject(with: Data(kmo.stdout.utf8)) as! [String: Any]
    #expect(abs((((k["kmo"] as! [String: Any])["overall"]) as! Double) - (ref["kmo"] as! Double)) < 1e-6)
    #expect(abs((((k["bartlett"] as! [String: Any])["chisq"]) as! Double) - (ref["chisq"] as! Double)) < 1e-5 * (ref["chisq"] as! Double))
    let efa = try run(["efa", "--data", bfi, "--items", "A1:A5,C1:C5", "--cor", "poly", "--factors", "2", "--lang", "en"])
    #expect(efa.status == 0 && efa.stdout.contains("polychoric"), "\(efa.stderr)")
  }
}
