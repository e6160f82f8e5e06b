import Foundation
import Testing
import _TestSupport

// grey, entropy and coupling as a user runs them. Numbers are checked in
// GreyTests; here: the command line, the JSON shapes of DESIGN.md, and bad input.

let firmsPath = packageRoot.appendingPathComponent("Tests/CLITests/Fixtures/firms.csv").path

func json(_ r: RunResult) throws -> [String: Any] {
  try #require(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
}

@Suite struct GreyCommandTests {
  @Test func dengReferenceThroughTheCommandLine() throws {
    let dir = try tempDir()
    let path = try write("x0,x1,x2\n55,24,10\n65,38,22\n75,40,18\n100,50,20\n", "deng.csv", in: dir)
    let r = try run(["grey", "--data", path, "--reference", "x0", "--compare", "x1,x2", "--format", "json"])
    #expect(r.status == 0, "\(r.stderr)")
    let j = try json(r)
    let degrees = try #require(j["degrees"] as? [String: Double])
    #expect(abs(degrees["x1"]! - 0.76966578) < 1e-8 && abs(degrees["x2"]! - 0.60058464) < 1e-8)
    #expect(j["ranking"] as? [String] == ["x1", "x2"])
    #expect((j["coefficients"] as? [[Double]])?.count == 4)
    #expect(j["normalization"] as? String == "mean")
    // The text form says which formula and normalisation it used.
    let text = try run(["grey", "--data", path, "--reference", "x0", "--compare", "x1,x2", "--lang", "en"])
    #expect(text.stdout.contains("ρ = 0.5") && text.stdout.contains("mean: x(k)/x̄") && text.stdout.contains("0.7697"))
  }

  @Test func liuDegreesAndIdeal() throws {
    let liu = try run(["grey", "--data", firmsPath, "--reference", "KR", "--compare", "IG", "--degree", "synthetic", "--format", "json"])
    let theta = try json(liu)["theta"] as? Double
    #expect(liu.status == 0 && theta == 0.5)
    let ideal = try run(["grey", "--data", firmsPath, "--reference", "ideal", "--compare", "acq1:exp3", "--cost", "exp1", "--id", "firm", "--format", "json"])
    let j = try json(ideal)
    #expect(j["layout"] as? String == "evaluation" && (j["ranking"] as? [String])?.count == 36)
  }

  @Test func greyRelationalCoupling() throws {
    let r = try run(["grey", "--data", firmsPath, "--system", "NC=nv1:np3", "--system", "AC=acq1:exp3", "--cost", "exp1", "--format", "json"])
    #expect(r.status == 0, "\(r.stderr)")
    let j = try json(r)
    #expect((j["gamma"] as? [[Double]])?.count == 12 && (j["gamma"] as? [[Double]])?.first?.count == 12)
    #expect((j["coupling"] as? [Double])?.count == 36 && j["extremes"] as? String == "per-unit")
  }

  @Test func entropyJSONShape() throws {
    let r = try run(["entropy", "--data", firmsPath, "--items", "acq1:exp3", "--cost", "exp1", "--topsis", "--format", "json"])
    #expect(r.status == 0)
    let j = try json(r)
    let w = try #require(j["weights"] as? [String: Double])
    #expect(w.count == 12 && abs(w.values.reduce(0, +) - 1) < 1e-12)
    #expect((j["entropy"] as? [String: Double])?.count == 12 && (j["scores"] as? [Double])?.count == 36)
    #expect((j["topsis"] as? [String: Any])?["closeness"] != nil)
  }

  @Test func couplingOnTheFirmData() throws {
    // Done-when of the issue: U, C (standard and revised), T, D and level per firm.
    let text = try run(["coupling", "--data", firmsPath, "--system", "NC=nv1:np3", "--system", "AC=acq1:exp3", "--cost", "exp1", "--id", "firm", "--lang", "en"])
    #expect(text.status == 0, "\(text.stderr)")
    for header in ["U(NC)", "U(AC)", "C standard", "C revised", " T ", " D ", "level"] { #expect(text.stdout.contains(header), "\(header)") }
    #expect(text.stdout.contains("F36") && text.stdout.contains("Wang Shujia"))
    let r = try run(["coupling", "--data", firmsPath, "--system", "NC=nv1:np3", "--system", "AC=acq1:exp3", "--cost", "exp1", "--id", "firm", "--format", "json"])
    let j = try json(r)
    let rows = try #require(j["rows"] as? [[String: Any]])
    #expect(rows.count == 36)
    let first = rows[0]
    for key in ["id", "U", "C", "T", "D", "level", "C_standard", "C_wang"] { #expect(first[key] != nil, "\(key)") }
    #expect((first["U"] as? [String: Double])?.keys.sorted() == ["AC", "NC"])
    #expect((j["weights"] as? [String: Any])?.count == 2 && (j["alpha"] as? [Double]) == [0.5, 0.5])
    // The firms planted as uncoordinated have the lowest revised C.
    let byWang = rows.sorted { ($0["C_wang"] as! Double) < ($1["C_wang"] as! Double) }.prefix(3).map { $0["id"] as! String }
    #expect(Set(byWang).isSuperset(of: ["F05", "F17"]))
  }

  @Test func oneColumnSystemsAsU() throws {
    let dir = try tempDir()
    let path = try write("UA,UB\n0.2,0.4\n0.5,0.5\n", "u.csv", in: dir)
    let r = try run(["coupling", "--data", path, "--system", "A=UA", "--system", "B=UB", "--normalize", "none", "--model", "wang", "--format", "json"])
    let rows = try #require(try json(r)["rows"] as? [[String: Any]])
    // U = (0.2, 0.4): revised C = √((1 − 0.2)·0.5) = √0.4.
    #expect(abs((rows[0]["C"] as! Double) - 0.4.squareRoot()) < 1e-12)
  }
}

@Suite struct GreyBadInputTests {
  @Test func referenceOfZerosUnderInitialValue() throws {
    let dir = try tempDir()
    let path = try write("r,x\n0,1\n2,3\n", "z.csv", in: dir)
    try expectBadInput(["grey", "--data", path, "--reference", "r", "--compare", "x", "--normalize", "initial"],
                       ["column 'r': starts with 0"])
  }

  @Test func constantIndicatorUnderMinMax() throws {
    let dir = try tempDir()
    let path = try write("a,b\n3,1\n3,2\n3,4\n", "c.csv", in: dir)
    try expectBadInput(["entropy", "--data", path, "--items", "a,b"], ["column 'a': is constant (every value 3)"])
  }

  @Test func negativeValuesWithoutShift() throws {
    let dir = try tempDir()
    let path = try write("a,b\n-1,1\n2,2\n3,4\n", "n.csv", in: dir)
    try expectBadInput(["entropy", "--data", path, "--items", "a,b", "--normalize", "none"], ["row 1, column 'a': is negative", "--shift"])
    let ok = try run(["entropy", "--data", path, "--items", "a,b", "--normalize", "none", "--shift", "--format", "json"])
    let shifted = try json(ok)["shifted"] as? [String]
    #expect(ok.status == 0 && shifted == ["a"])
  }

  @Test func uOutsideTheUnitInterval() throws {
    let dir = try tempDir()
    let path = try write("UA,UB\n0.2,0.4\n1.5,0.5\n", "u.csv", in: dir)
    try expectBadInput(["coupling", "--data", path, "--system", "A=UA", "--system", "B=UB", "--normalize", "none"],
                       ["row 2, column 'A': system index U = 1.5 lies outside [0, 1]"])
  }

  @Test func fewerThanTwoSystems() throws {
    try expectBadInput(["coupling", "--data", firmsPath, "--system", "NC=nv1:np3"], ["at least two systems"])
  }

  @Test func weightsNotSummingToOneAreRescaledWithAWarning() throws {
    let r = try run(["coupling", "--data", firmsPath, "--system", "NC=nv1:np3", "--system", "AC=acq1:exp3", "--alpha", "2,2", "--format", "json"])
    // The warning in the run's language (zh by default), its English text in the JSON.
    #expect(r.status == 0 && r.stderr.contains("系统权重之和为 4，不是 1"), "\(r.stderr)")
    #expect((try json(r)["warnings"] as? [String])?.contains { $0.contains("summed to 4, not 1") } == true)
    let en = try run(["coupling", "--data", firmsPath, "--system", "NC=nv1:np3", "--system", "AC=acq1:exp3", "--alpha", "2,2", "--lang", "en"])
    #expect(en.stderr.contains("warning: the system weights summed to 4, not 1"), "\(en.stderr)")
    let alpha = try json(r)["alpha"] as? [Double]
    #expect(alpha == [0.5, 0.5])
  }

  @Test func missingCellIsNamed() throws {
    let dir = try tempDir()
    let path = try write("a,b\n1,2\n,3\n4,5\n", "m.csv", in: dir)
    try expectBadInput(["entropy", "--data", path, "--items", "a,b"], ["row 2, column 'a': is missing"])
  }
}
