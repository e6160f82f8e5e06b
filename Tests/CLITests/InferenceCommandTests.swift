import Foundation
import Testing
import _TestSupport

// Multiple groups, invariance, FIML and the robust estimators from the
// command line, and their bad inputs (exit status 2 with the reason).

let hsMissingPath = packageRoot.appendingPathComponent("Datasets/reference/HolzingerSwineford1939-missing.csv").path

@Suite struct InferenceCommandTests {
  @Test func groupsInJSONAndTables() throws {
    let r = try run(["cfa", "--data", hsPath, "--syntax", hsCFA, "--group", "school", "--group-equal", "loadings", "--format", "json"])
    #expect(r.status == 0, "\(r.stderr)")
    let j = try #require(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    #expect(j["nobs"] as? [Int] == [156, 145] && j["groups"] as? [String] == ["Pasteur", "Grant-White"])
    #expect(abs(((j["fit"] as? [String: Double])?["chisq"] ?? 0) - 124.043544174888) < 1e-3)
    let text = try run(["cfa", "--data", hsPath, "--syntax", hsCFA, "--group", "school", "--lang", "en"])
    #expect(text.stdout.contains("— group Grant-White") && text.stdout.contains("Pasteur: 156, Grant-White: 145"))
  }

  @Test func invarianceCommand() throws {
    let r = try run(["invariance", "--data", hsPath, "--syntax", hsCFA, "--group", "school", "--lang", "en"])
    #expect(r.status == 0, "\(r.stderr)")
    for s in ["Measurement invariance", "Configural", "Scalar (+ intercepts)", "40.059", "rejected", "Cheung & Rensvold"] {
      #expect(r.stdout.contains(s), "missing \(s)")
    }
    let bad = try run(["invariance", "--data", hsPath, "--syntax", hsCFA])
    #expect(bad.status == 2 && bad.stderr.contains("--group COLUMN"))
  }

  @Test func fimlAndRobust() throws {
    let f = try run(["cfa", "--data", hsMissingPath, "--syntax", hsCFA, "--missing", "fiml", "--lang", "en"])
    #expect(f.status == 0, "\(f.stderr)")
    #expect(f.stdout.contains("full-information ML over all 301 cases in 28 missing-data patterns") && f.stdout.contains("93.348"))
    let l = try run(["cfa", "--data", hsMissingPath, "--syntax", hsCFA, "--lang", "en"])
    #expect(l.stdout.contains("dropped listwise"), "listwise reports the cases dropped")
    let m = try run(["cfa", "--data", hsPath, "--syntax", hsCFA, "--estimator", "mlm", "--lang", "en"])
    #expect(m.status == 0 && m.stdout.contains("χ² (MLM scaled)") && m.stdout.contains("Robust estimation (MLM)"))
    // MLR with FIML: lavaan's scaled χ² 99.143 (c = 0.942) and its FIML-corrected robust CFI 0.914.
    let r = try run(["cfa", "--data", hsMissingPath, "--syntax", hsCFA, "--missing", "fiml", "--estimator", "mlr", "--lang", "en"])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.contains("99.143") && r.stdout.contains("c = 0.942") && r.stdout.contains("CFI              0.914"), "\(r.stdout)")
    // MLM needs complete data and one group without means; it says what to use instead.
    let mlmFIML = try run(["cfa", "--data", hsMissingPath, "--syntax", hsCFA, "--missing", "fiml", "--estimator", "mlm"])
    #expect(mlmFIML.status == 2 && mlmFIML.stderr.contains("or mlr for robust statistics (MLM needs complete data)"), "\(mlmFIML.stderr)")
    let mlmGroups = try run(["cfa", "--data", hsPath, "--syntax", hsCFA, "--group", "school", "--estimator", "mlm"])
    #expect(mlmGroups.status == 2 && mlmGroups.stderr.contains("--estimator ml, or mlr for robust statistics"), "\(mlmGroups.stderr)")
    // Invariance with MLR: the scaled difference tests.
    let inv = try run(["invariance", "--data", hsPath, "--syntax", hsCFA, "--group", "school", "--estimator", "mlr", "--lang", "en"])
    #expect(inv.status == 0 && inv.stdout.contains("Satorra–Bentler (2001) scaled difference"), "\(inv.stderr)")
  }

  @Test func badInput() throws {
    let unknown = try run(["cfa", "--data", hsPath, "--syntax", hsCFA, "--group", "school", "--group-equal", "loadings,slopes"])
    #expect(unknown.status == 2 && unknown.stderr.contains("'loadings,slopes' is invalid for '--group-equal") && unknown.stderr.contains("- intercepts"))
    let thresholds = try run(["cfa", "--data", hsPath, "--syntax", hsCFA, "--group", "school", "--group-equal", "loadings,thresholds"])
    #expect(thresholds.status == 2 && thresholds.stderr.contains("--ordered"), "\(thresholds.stderr)")
    let noGroup = try run(["cfa", "--data", hsPath, "--syntax", hsCFA, "--group-equal", "loadings"])
    #expect(noGroup.status == 2 && noGroup.stderr.contains("need --group"))
    // A variable missing for every case.
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("clusterstat-fiml-\(getpid())")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    var csv = "a,b,c,d\n"
    for i in 0..<30 { csv += "\(Double(i % 7)),\(Double(i % 5)),\(Double((i * 3) % 11)),\n" }
    let path = dir.appendingPathComponent("holes.csv").path
    try csv.write(toFile: path, atomically: true, encoding: .utf8)
    let empty = try run(["cfa", "--data", path, "--syntax", "f =~ a + b + c + d", "--missing", "fiml"])
    #expect(empty.status == 2 && empty.stderr.contains("d") && empty.stderr.contains("every cell is missing"), "\(empty.stderr)")
    // A group too small for the model.
    var groups = "g,x1,x2,x3\n"
    for i in 0..<40 { groups += "\(i < 37 ? "big" : "small"),\(Double(i % 7)),\(Double(i % 5) + 0.5 * Double(i % 3)),\(Double((i * 3) % 11))\n" }
    let gpath = dir.appendingPathComponent("groups.csv").path
    try groups.write(toFile: gpath, atomically: true, encoding: .utf8)
    let small = try run(["cfa", "--data", gpath, "--syntax", "f =~ x1 + x2 + x3", "--group", "g"])
    #expect(small.status == 2 && small.stderr.contains("group 'small' of 'g' has 3 complete cases"), "\(small.stderr)")
    let boot = try run(["cfa", "--data", hsPath, "--syntax", hsCFA, "--group", "school", "--se", "bootstrap"])
    #expect(boot.status == 2 && boot.stderr.contains("--se bootstrap is available for one group"))
  }
}
