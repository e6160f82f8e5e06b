import Foundation
import Testing
import _TestSupport

let bfiPath = packageRoot.appendingPathComponent("Datasets/reference/bfi.csv").path
let studyXLSX = packageRoot.appendingPathComponent("Datasets/cluster-enterprise/responses-wjx.xlsx").path
let studyCodebook = packageRoot.appendingPathComponent("Datasets/cluster-enterprise/codebook.yaml").path

/// `reliability`, `adequacy`, `corr`, `efa`: shapes, the done-when
/// command, the scree plot, and bad input (exit 2) with its message.
@Suite struct PsychometricsCommandTests {
  @Test func reliabilityJSON() throws {
    let r = try run(["reliability", "--data", hsPath, "--scale", "visual=x1:x3", "--scale", "textual=x4:x6", "--format", "json"])
    #expect(r.status == 0, "\(r.stderr)")
    let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    let scales = try #require(json["scales"] as? [[String: Any]])
    #expect(scales.map { $0["name"] as? String } == ["visual", "textual"])
    for key in ["name", "items", "n", "alpha", "alpha_std", "alpha_ci_lower", "alpha_ci_upper", "omega_total", "item_stats"] {
      #expect(scales[0][key] != nil, "missing \(key)")
    }
    let items = try #require(scales[0]["item_stats"] as? [[String: Any]])
    for key in ["item", "mean", "sd", "citc", "alpha_if_deleted"] { #expect(items[0][key] != nil, "missing \(key)") }
    // psych::alpha(HS[, c('x1','x2','x3')])$total$raw_alpha
    #expect(abs((scales[0]["alpha"] as! Double) - 0.626117131884981) < 1e-9)
  }

  @Test func reliabilityFlagsLowItemsAndScales() throws {
    let r = try run(["reliability", "--data", hsPath, "--items", "x1:x3", "--lang", "en", "--citc-cutoff", "0.4"])
    #expect(r.status == 0)
    #expect(r.stdout.contains("low CITC"))   // x2: CITC 0.375 < 0.4
    #expect(r.stdout.contains("low"))        // α 0.626 < 0.70
  }

  @Test func oneItemScaleIsBadInput() throws {
    try expectBadInput(["reliability", "--data", hsPath, "--scale", "visual=x1"], ["reliability of 'visual' needs at least 2 items", "only 'x1' was given"])
  }

  @Test func constantItemIsBadInput() throws {
    let dir = try tempDir()
    let csv = try write("a,b,c\n1,2,3\n2,2,1\n3,2,2\n4,2,5\n", "k.csv", in: dir)
    try expectBadInput(["reliability", "--data", csv, "--items", "a:c"], ["k.csv", "column 'b'", "constant"])
  }

  @Test func adequacyMatchesPsych() throws {
    // psych's default: pairwise r, Bartlett's N = nrow = 2800 (psych::KMO(bfi[, 1:25])).
    let r = try run(["adequacy", "--data", bfiPath, "--items", "A1:O5", "--format", "json"])
    #expect(r.status == 0, "\(r.stderr)")
    let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    let kmo = try #require(json["kmo"] as? [String: Any])
    #expect(abs((kmo["overall"] as! Double) - 0.845897492560391) < 1e-9)
    #expect((kmo["items"] as? [String: Any])?.count == 25)
    let b = try #require(json["bartlett"] as? [String: Any])
    #expect(b["df"] as? Int == 300)
    #expect(json["use"] as? String == "pairwise" && json["n"] as? Int == 2800)
    #expect((json["eigenvalues"] as? [Double])?.count == 25)
    // Listwise: the complete cases (psych on bfi[complete.cases(bfi[, 1:25]), 1:25]).
    let l = try run(["adequacy", "--data", bfiPath, "--items", "A1:O5", "--use", "listwise", "--format", "json"])
    let lj = try #require(try JSONSerialization.jsonObject(with: Data(l.stdout.utf8)) as? [String: Any])
    #expect(abs(((lj["kmo"] as! [String: Any])["overall"] as! Double) - 0.84864523094684) < 1e-9)
    #expect(lj["dropped"] as? Int == 364 && lj["n"] as? Int == 2436)
    let text = try run(["adequacy", "--data", bfiPath, "--items", "A1:O5", "--lang", "en"])
    #expect(text.stdout.contains("pairwise deletion (psych's default): N = 2800 (all rows)"))
  }

  @Test func correlationTableWithStarsAndDiagonal() throws {
    let r = try run(["corr", "--data", hsPath, "--items", "x1:x3", "--diagonal", "0.71,0.72,0.73", "--lang", "en"])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.contains("0.297***"))   // cor(x1, x2) = 0.2973, p < .001
    #expect(r.stdout.contains("(0.720)"))
    try expectBadInput(["corr", "--data", hsPath, "--items", "x1:x3", "--diagonal", "0.7,0.7"], ["--diagonal has 2 values for 3 variables"])
  }

  /// The done-when: factor count from parallel analysis, sorted loadings, Φ.
  @Test func efaAutoObliminOnBfi() throws {
    let dir = try tempDir()
    let out = dir.appendingPathComponent("efa.txt").path
    let r = try run(["efa", "--data", bfiPath, "--items", "A1:O5", "--factors", "auto", "--rotate", "oblimin", "--lang", "en", "--out", out])
    #expect(r.status == 0, "\(r.stderr)")
    let text = try String(contentsOfFile: out, encoding: .utf8)
    // psych::fa.parallel(bfi[, 1:25]) says 6 and 6 (pairwise r) for seeds 1–3.
    #expect(text.contains("Parallel analysis suggests 6 factors and 6 components"))
    #expect(text.contains("Rotated factor loadings"))
    #expect(text.contains("Factor correlations (Φ)"))
    // Sorted by main factor: the neuroticism items lead, N1 first.
    let n1 = try #require(text.range(of: " N1 "))
    let a1 = try #require(text.range(of: " A1 "))
    #expect(n1.lowerBound < a1.lowerBound)
    let svg = try String(contentsOfFile: dir.appendingPathComponent("efa-scree.svg").path, encoding: .utf8)
    #expect(svg.hasPrefix("<svg"))
    #expect(svg.contains("class=\"observed\"") && svg.contains("class=\"parallel\""))
  }

  @Test func efaJSONShape() throws {
    let r = try run(["efa", "--data", bfiPath, "--items", "A1:O5", "--factors", "5", "--extract", "pa", "--rotate", "varimax", "--format", "json"])
    #expect(r.status == 0, "\(r.stderr)")
    let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    for key in ["kmo", "bartlett", "eigenvalues", "items", "factors", "loadings", "communalities", "uniquenesses", "variance", "use", "pairwise_n"] {
      #expect(json[key] != nil, "missing \(key)")
    }
    // With --factors k parallel analysis decides nothing and is not run.
    #expect(json["parallel"] == nil || json["parallel"] is NSNull)
    #expect(json["phi"] == nil || json["phi"] is NSNull)
    #expect((json["factors"] as? [String])?.count == 5)
    let variance = try #require(json["variance"] as? [String: Any])
    #expect((variance["ss_loadings"] as? [Double])?.count == 5)
  }

  /// The reproductions: none exits 1, and parallel analysis finds psych's count.
  @Test func efaOnOrdinaryScales() throws {
    for seed in ["20180501", "3"] {
      let r = try run(["efa", "--data", hsPath, "--items", "x1:x9", "--seed", seed, "--format", "json"])
      #expect(r.status == 0, "\(r.stderr)")
      let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
      #expect((json["parallel"] as? [String: Any])?["suggested_factors"] as? Int == 3)
      #expect((json["factors"] as? [String])?.count == 3)
    }
    let ml = try run(["efa", "--data", bfiPath, "--items", "A1:E5", "--factors", "3", "--extract", "ml", "--rotate", "promax"])
    #expect(ml.status == 0, "\(ml.stderr)")
    let nc = try run(["efa", "--data", studyXLSX, "--codebook", studyCodebook, "--items", "NC", "--format", "json"])
    #expect(nc.status == 0, "\(nc.stderr)")
    let json = try #require(try JSONSerialization.jsonObject(with: Data(nc.stdout.utf8)) as? [String: Any])
    #expect((json["factors"] as? [String])?.count == 4)
  }

  @Test func reliabilityKeysAndOmega() throws {
    let r = try run(["reliability", "--data", bfiPath, "--items", "A1:A5", "--check-keys", "--format", "json"])
    #expect(r.status == 0, "\(r.stderr)")
    let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    let scale = try #require((json["scales"] as? [[String: Any]])?.first)
    #expect(scale["reversed"] as? [String] == ["A1"])
    #expect(abs((scale["alpha"] as! Double) - 0.703018446057304) < 1e-9)   // psych::alpha(bfi[, 1:5], check.keys = TRUE)
    #expect(scale["omega_hierarchical"] is [String: Any])
    let hint = try run(["reliability", "--data", bfiPath, "--items", "A1:A5", "--lang", "en"])
    #expect(hint.stdout.contains("reverse-worded? try --check-keys"))
    try expectBadInput(["reliability", "--data", bfiPath, "--items", "A1:A5", "--reverse", "C1"], ["'C1'", "--reverse"])
    try expectBadInput(["reliability", "--data", bfiPath, "--items", "A1:A5", "--omega-factors", "3"], ["--omega-factors 3", "at most 2"])
  }

  @Test func efaBadInput() throws {
    try expectBadInput(["efa", "--data", hsPath, "--items", "x1:x4", "--factors", "3"], ["3 factors are more than 4 items identify: at most 1 for minres"])
    try expectBadInput(["efa", "--data", hsPath, "--items", "x1", "--factors", "1"], ["factor analysis needs at least 2 items"])
  }
}
