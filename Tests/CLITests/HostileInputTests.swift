import Foundation
import Testing
import _TestSupport

// Broken and hostile files (#18): each is bad input with a message naming
// where and what (exit 2), never a crash, a silent infinity or a garbled text.

@Suite struct HostileInputTests {
  func refused(_ args: [String], _ fragments: [String], environment: [String: String] = [:]) throws {
    let r = try run(args, environment: environment)
    #expect(r.status == 2, "status \(r.status): \(r.stderr)")
    for f in fragments { #expect(r.stderr.contains(f), "stderr: \(r.stderr) lacks \(f)") }
  }

  @Test func badCellsAndEncodings() throws {
    let dir = try tempDir()
    // UTF-8 with one row pasted from a GBK file: refused, the line named (not decoded as GBK).
    var mixed = Data(("城市,a,b\n" + (0..<30).map { "温州,\($0),\($0 % 5)" }.joined(separator: "\n") + "\n").utf8)
    mixed.append(contentsOf: [0xCC, 0xA8, 0xD6, 0xDD] + Array(",3,4\n".utf8))   // 台州 in GBK
    let m = dir.appendingPathComponent("mixed.csv")
    try mixed.write(to: m)
    try refused(["describe", "--data", m.path], ["is UTF-8 text except on line 32"])
    // A number beyond a double, a NUL byte: the cell named.
    try refused(["describe", "--data", try write("a,b\n1,2\n1e400,3\n2,4\n", "inf.csv", in: dir)], ["row 2 (line 3), column 'a'", "beyond the range"])
    try refused(["describe", "--data", try write("a,b\n1,2\n3\u{0},4\n5,6\n", "nul.csv", in: dir)], ["row 2 (line 3), column 'a'", "NUL byte"])
  }

  @Test func limitsNameTheirVariable() throws {
    let dir = try tempDir()
    let long = try write("a,b\n" + String(repeating: "x", count: 3 << 20) + ",1\n", "long.csv", in: dir)
    try refused(["describe", "--data", long], ["longer than 2 MB", "CLUSTERSTAT_MAX_LINE_MB"], environment: ["CLUSTERSTAT_MAX_LINE_MB": "2"])
    let wide = try write((0..<300).map { "c\($0)" }.joined(separator: ",") + "\n" + (0..<300).map(String.init).joined(separator: ",") + "\n", "wide.csv", in: dir)
    try refused(["describe", "--data", wide], ["300 fields", "limit of 100", "CLUSTERSTAT_MAX_FIELDS"], environment: ["CLUSTERSTAT_MAX_FIELDS": "100"])
  }

  @Test func covarianceInputNeedsMoreCasesThanVariables() throws {
    let cov = packageRoot.appendingPathComponent("Datasets/reference/HolzingerSwineford1939-cov.csv").path
    try refused(["cfa", "--cov", cov, "--nobs", "3", "--syntax", "f =~ x1 + x2 + x3"], ["--nobs 3 is not more than the 3 observed variables"])
  }

  @Test func codebookKeysAndSyntax() throws {
    let dir = try tempDir()
    let data = packageRoot.appendingPathComponent("Datasets/reference/bfi.csv").path
    let typo = try write("personal_date: [A1]\nvariables:\n  - {name: A1}\n", "typo.yaml", in: dir)
    try refused(["describe", "--data", data, "--codebook", typo], ["line 1", "unknown key 'personal_date'", "did you mean 'personal_data'?"])
    let nested = try write("variables:\n  - {name: A1, revers: true, range: [1, 6]}\n", "nested.yaml", in: dir)
    try refused(["describe", "--data", data, "--codebook", nested], ["unknown key 'revers' in variables[1]", "did you mean 'reverse'?"])
    let broken = try write("variables:\n  - {name: A1, type: likert\nscales: []\n", "broken.yaml", in: dir)
    try refused(["describe", "--data", data, "--codebook", broken], ["is not valid YAML", "(line 3, column"])
    let range = try write("variables:\n  - {name: A1}\nscreening: {max_missing_share: 1.5}\n", "range.yaml", in: dir)
    try refused(["describe", "--data", data, "--codebook", range], ["max_missing_share is a share between 0 and 1"])
  }
}
