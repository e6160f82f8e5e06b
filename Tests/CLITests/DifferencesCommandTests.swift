import Foundation
import Testing

/// `ttest`, `anova`, `crosstab`, `regress`, `process`: the JSON contract of
/// DESIGN.md, numbers spot-checked against R (the full comparisons live in
/// DifferencesTests and RegressionTests), and bad input with exit 2.
@Suite struct DifferencesCommandTests {
  func json(_ args: [String]) throws -> [String: Any] {
    let r = try run(args + ["--format", "json"])
    #expect(r.status == 0, "\(r.stderr)")
    return try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
  }

  @Test func ttestRows() throws {
    let j = try json(["ttest", "--data", hsPath, "--y", "x1", "--group", "school"])
    let rows = try #require(j["tests"] as? [[String: Any]])
    #expect(rows.map { $0["kind"] as? String } == ["pooled", "welch"])
    for key in ["variable", "kind", "n1", "n2", "mean1", "mean2", "sd1", "sd2", "t", "df", "pvalue", "mean_diff", "ci.lower", "ci.upper", "d", "levene"] {
      #expect(rows[0][key] != nil, "missing \(key)")
    }
    // t.test(x1 ~ school, var.equal = TRUE)
    #expect(abs((rows[0]["t"] as! Double) - (-0.084172476609378)) < 1e-9)
    let one = try json(["ttest", "--data", hsPath, "--y", "x1", "--mu", "-1"])
    #expect((one["tests"] as? [[String: Any]])?.first?["kind"] as? String == "one-sample")
    let paired = try run(["ttest", "--data", hsPath, "--y", "x4", "--paired", "x5", "--lang", "en"])
    #expect(paired.status == 0 && paired.stdout.contains("paired samples"))
  }

  @Test func anovaAndCrosstab() throws {
    let a = try json(["anova", "--data", bfiPath, "--y", "A2", "--group", "education", "--posthoc", "tukey,scheffe"])
    let row = try #require((a["anova"] as? [[String: Any]])?.first)
    #expect((row["posthoc"] as? [[String: Any]])?.count == 20)
    for key in ["F", "df1", "df2", "pvalue", "eta2", "omega2", "welch", "brown_forsythe", "levene"] { #expect(row[key] != nil, "missing \(key)") }
    let c = try json(["crosstab", "--data", hsPath, "--rows", "school", "--cols", "sex"])
    for key in ["chisq", "df", "pvalue", "cramers_v", "expected_min", "fisher_p"] { #expect(c[key] != nil, "missing \(key)") }
    #expect(abs((c["fisher_p"] as! Double) - 0.730002699768037) < 1e-9)   // fisher.test(table(school, sex))
  }

  @Test func regressAndProcess() throws {
    let r = try json(["regress", "--data", hsPath, "--y", "x9", "--block", "sex,ageyr", "--block", "x1,x4", "--robust", "hc3"])
    let models = try #require(r["models"] as? [[String: Any]])
    #expect(models.count == 2)
    for key in ["r2", "adj_r2", "F", "df1", "df2", "pvalue", "r2_change", "F_change", "df1_change", "df2_change", "p_change", "coefficients"] {
      #expect(models[1][key] != nil, "missing \(key)")
    }
    let coef = try #require((models[1]["coefficients"] as? [[String: Any]])?.last)
    for key in ["term", "b", "se", "t", "pvalue", "beta", "ci.lower", "ci.upper", "vif", "tolerance"] { #expect(coef[key] != nil, "missing \(key)") }
    let p = try json(["process", "--data", hsPath, "--model", "7", "--x", "x1", "--m", "x4", "--w", "x7", "--y", "x9", "--bootstrap", "1000", "--seed", "7"])
    for key in ["outcome_models", "conditional_effects", "indirect", "index_of_moderated_mediation", "contrasts", "direct"] {
      #expect(p.keys.contains(key), "missing \(key)")
    }
    let ind = try #require(p["indirect"] as? [[String: Any]])
    #expect(ind.count == 3)
    for key in ["path", "w", "effect", "boot_se", "boot_ci.lower", "boot_ci.upper"] { #expect(ind[0][key] != nil, "missing \(key)") }
    let again = try json(["process", "--data", hsPath, "--model", "7", "--x", "x1", "--m", "x4", "--w", "x7", "--y", "x9", "--bootstrap", "1000", "--seed", "7", "--threads", "1"])
    #expect((again["indirect"] as? [[String: Any]])?.first?["boot_se"] as? Double == ind[0]["boot_se"] as? Double)
    let m1 = try json(["process", "--data", hsPath, "--model", "1", "--x", "x1", "--w", "x7", "--y", "x9", "--cov", "ageyr"])
    let jn = try #require(m1["johnson_neyman"] as? [String: Any])
    let dir = try tempDir()
    let plot = dir.appendingPathComponent("slopes.svg").path
    let drawn = try run(["process", "--data", hsPath, "--model", "1", "--x", "x1", "--w", "x7", "--y", "x9", "--plot", plot, "--bootstrap", "0"])
    #expect(drawn.status == 0, "\(drawn.stderr)")
    let svg = try String(contentsOfFile: plot, encoding: .utf8), jnSVG = try String(contentsOfFile: dir.appendingPathComponent("slopes-jn.svg").path, encoding: .utf8)
    #expect(svg.components(separatedBy: "class=\"slope\"").count - 1 == 3 && jnSVG.contains("class=\"jn-bound\""))
    #expect(abs(((jn["bounds"] as? [Double])?.first ?? 0) - 7.17994476043627) < 1e-8)   // the root of the J–N quadratic from lm()
  }

  @Test func badInput() throws {
    try expectBadInput(["ttest", "--data", hsPath, "--y", "x1", "--group", "ageyr"], ["has 6 groups", "--levels"])
    try expectBadInput(["ttest", "--data", hsPath, "--y", "x1", "--group", "school", "--levels", "Pasteur,Nowhere"], ["no level 'Nowhere'"])
    try expectBadInput(["ttest", "--data", hsPath, "--y", "x1", "--group", "school", "--mu", "3"], ["exactly one of"])
    try expectBadInput(["anova", "--data", hsPath, "--y", "x1", "--group", "school", "--posthoc", "duncan"], ["'duncan' is invalid for '--posthoc"])
    let dir = try tempDir()
    let csv = try write("y,a,b,g\n1,1,2,x\n2,2,4,x\n3,3,6,y\n4,5,10,y\n5,4,8,x\n6,7,14,y\n", "c.csv", in: dir)
    try expectBadInput(["regress", "--data", csv, "--y", "y", "--block", "a,b"], ["'a'", "'b'", "collinear"])
    try expectBadInput(["process", "--data", hsPath, "--model", "5", "--x", "x1", "--y", "x9"], ["'5' is invalid", "58"])
    try expectBadInput(["process", "--data", hsPath, "--model", "4", "--x", "x1", "--y", "x9"], ["needs one or more mediators"])
    try expectBadInput(["process", "--data", hsPath, "--model", "1", "--x", "x1", "--w", "school", "--y", "x9"], ["'school'", "not numeric"])
    let small = try write("y,g\n1,a\n2,a\n3,b\n", "s.csv", in: dir)
    try expectBadInput(["ttest", "--data", small, "--y", "y", "--group", "g"], ["group 'b' has 1 case"])
  }
}
