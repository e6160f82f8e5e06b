import Foundation
import Testing
import _TestSupport

// `clusterstat cfa` / `sem` as a user runs them: the AMOS table, the fit
// table, JSON in DESIGN.md's shape, and each failure with its exact message.

let hsCFA = "visual =~ x1+x2+x3; textual =~ x4+x5+x6; speed =~ x7+x8+x9"

@Suite struct SEMCommandTests {
  @Test func amosAndFitTables() throws {
    let r = try run(["cfa", "--data", hsPath, "--syntax", hsCFA, "--lang", "en"])
    #expect(r.status == 0, "\(r.stderr)")
    for s in ["Regression weights", "x2 <--- visual", "0.554", "S.E.", "C.R.", "***", "Model fit", "CFI", "0.931", "RMSEA", "0.092", "χ²/df (CMIN/DF)", "Hu & Bentler 1999", "Variance explained"] {
      #expect(r.stdout.contains(s), "missing \(s)")
    }
    let lav = try run(["cfa", "--data", hsPath, "--syntax", hsCFA, "--layout", "lavaan", "--lang", "en"])
    #expect(lav.stdout.contains("Latent Variables:") && lav.stdout.contains("Std.all"))
  }

  @Test func jsonShape() throws {
    let r = try run(["sem", "--data", hsPath, "--format", "json", "--syntax",
                     "visual =~ x1+x2+x3; textual =~ x4+x5+x6; speed =~ x7+x8+x9; textual ~ a*visual; speed ~ b*textual + c*visual; ind := a*b"])
    #expect(r.status == 0, "\(r.stderr)")
    let j = try #require(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    #expect(j["converged"] as? Bool == true && j["nobs"] as? [Int] == [301] && j["estimator"] as? String == "ML")
    let params = try #require(j["parameters"] as? [[String: Any]])
    let keys = Set(params[0].keys)
    #expect(keys.isSuperset(of: ["lhs", "op", "rhs", "group", "label", "free", "est", "se", "z", "pvalue", "ci.lower", "ci.upper", "std.lv", "std.all"]))
    let ind = try #require(params.first { $0["op"] as? String == ":=" })
    #expect(abs((ind["est"] as! Double) - 0.0269) < 1e-3)
    // Fixed parameters: se 0, z and pvalue null (as lavaan).
    let fixed = try #require(params.first { $0["lhs"] as? String == "visual" && $0["rhs"] as? String == "x1" })
    #expect(fixed["se"] as? Double == 0 && fixed["z"] is NSNull)
    let fit = try #require(j["fit"] as? [String: Any])
    for k in ["npar", "chisq", "df", "pvalue", "cfi", "tli", "rmsea", "rmsea.ci.lower", "srmr", "gfi", "agfi", "aic", "bic"] { #expect(fit[k] != nil, "\(k)") }
    #expect((j["r2"] as? [String: Double])?["textual"] != nil)
  }

  @Test func covarianceInput() throws {
    // R's cov(HS[, x1..x9]) as CSV; --nobs 301 gives the same fit as the raw data.
    let dir = try tempDir()
    let ref = packageRoot.appendingPathComponent("Tests/SurveyTests/Fixtures/psych_describe_hs.json")
    struct C: Decodable { var cov_x: [[Double]] }
    let cov = try JSONDecoder().decode(C.self, from: Data(contentsOf: ref)).cov_x
    let text = "\"\"," + (1...9).map { "x\($0)" }.joined(separator: ",") + "\n"
      + cov.enumerated().map { "x\($0.offset + 1)," + $0.element.map { String($0) }.joined(separator: ",") }.joined(separator: "\n") + "\n"
    let path = try write(text, "cov.csv", in: dir)
    let a = try run(["cfa", "--cov", path, "--nobs", "301", "--syntax", hsCFA, "--format", "json"])
    let b = try run(["cfa", "--data", hsPath, "--syntax", hsCFA, "--format", "json"])
    #expect(a.status == 0, "\(a.stderr)")
    let ja = try #require(JSONSerialization.jsonObject(with: Data(a.stdout.utf8)) as? [String: Any])
    let jb = try #require(JSONSerialization.jsonObject(with: Data(b.stdout.utf8)) as? [String: Any])
    let ca = (ja["fit"] as! [String: Any])["chisq"] as! Double, cb = (jb["fit"] as! [String: Any])["chisq"] as! Double
    #expect(abs(ca - cb) < 1e-8 * cb)
  }

  @Test func syntaxErrorIsBadInput() throws {
    // A trailing '+' continues the statement, so line 2's '+' is a second one.
    let r = try run(["cfa", "--data", hsPath, "--syntax", "visual =~ x1 + x2 +\n+ x3"])
    #expect(r.status == 2)
    #expect(r.stderr == "clusterstat: error: model syntax, line 2, column 1: expected a variable name after '+', found '+'\n")
    let star = try run(["cfa", "--data", hsPath, "--syntax", "visual =~ x1 + 0.5 x2"])
    #expect(star.stderr == "clusterstat: error: model syntax, line 1, column 20: expected '*' after the modifier '0.5' (write 0.5*x2), found 'x2'\n")
  }

  @Test func unknownVariableIsBadInput() throws {
    let r = try run(["cfa", "--data", hsPath, "--syntax", "visual =~ x1 + x2 + x33"])
    #expect(r.status == 2)
    #expect(r.stderr.contains("column 'x33': the model (syntax line 1) uses 'x33', which is not a column of the data"))
  }

  @Test func notIdentified() throws {
    // One factor with two indicators: 4 free parameters, 3 moments.
    let r = try run(["cfa", "--data", hsPath, "--syntax", "f =~ x1 + x2"])
    #expect(r.status == 1)
    #expect(r.stderr == "clusterstat: error: the model is not identified: it has 4 free parameters but the data give only 3 variances and covariances (degrees of freedom -1); fix or constrain 1 parameter\n")
  }

  @Test func thousandLatentVariablesFailTheCountAtOnce() throws {
    // Counting comes before the layouts and start values (O(m³) in m variables).
    let model = (0..<1000).map { "f\($0) =~ x1 + x2 + x3 + x4 + x5 + x6 + x7 + x8 + x9" }.joined(separator: "\n")
    let start = Date()
    let r = try run(["cfa", "--data", hsPath, "--syntax", model])
    #expect(r.status == 1)
    #expect(r.stderr.hasPrefix("clusterstat: error: the model is not identified: it has 508509 free parameters but the data give only 45 variances and covariances"))
    #expect(Date().timeIntervalSince(start) < 30)
  }

  @Test func deeplyNestedSyntaxIsBadInput() throws {
    let r = try run(["sem", "--data", hsPath, "--syntax", "visual =~ x1 + a*x2 + x3\nd := " + String(repeating: "(", count: 10_000) + "a" + String(repeating: ")", count: 10_000)])
    #expect(r.status == 2)
    #expect(r.stderr == "clusterstat: error: model syntax, line 2, column 262: expressions nested deeper than 256 levels\n")
  }

  @Test func simulateRefusesNonFiniteValuesAndHugeSamples() throws {
    let inf = try run(["simulate", "--syntax", "f =~ 1e400*x1 + 0.7*x2 + 0.7*x3", "--n", "10"])
    #expect(inf.status == 2)
    // Caught where it is written: the syntax holds no number beyond a double.
    #expect(inf.stderr == "clusterstat: error: model syntax, line 1, column 6: 1e400 is not a finite number\n")
    let overflow = try run(["simulate", "--syntax", "f =~ 1e200*x1 + 1e200*x2 + 0.7*x3", "--raw", "--n", "10"])
    #expect(overflow.status == 2)
    #expect(overflow.stderr.contains("the population covariance matrix has infinite or undefined entries"))
    let huge = try run(["simulate", "--syntax", "f =~ 0.8*x1 + 0.7*x2 + 0.7*x3", "--n", "3000000000"])
    #expect(huge.status == 2)
    #expect(huge.stderr.hasPrefix("clusterstat: Error: --n is at most 10000000 cases"))
  }

  @Test func notIdentifiedBySingularInformation() throws {
    // df ≥ 0 but the scale of f is set twice over nothing: NA frees the marker.
    let r = try run(["cfa", "--data", hsPath, "--syntax", "f =~ NA*x1 + x2 + x3 + x4"])
    #expect(r.status == 1)
    #expect(r.stderr.hasPrefix("clusterstat: error: the model is not identified: the information matrix is singular, and '"))
  }

  @Test func heywoodCaseIsReportedAndExitsOne() throws {
    // Three indicators with population correlations r12 = r13 = .8, r23 = .5:
    // one factor needs λ1² = r12·r13/r23 = 1.28 > 1, so θ1 < 0 (a Heywood case).
    // 300 seeded draws (SplitMix64 via Box–Muller, Cholesky of the correlation).
    let dir = try tempDir()
    var state: UInt64 = 20180501
    func next() -> Double {
      state &+= 0x9E37_79B9_7F4A_7C15
      var z = state
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return Double((z ^ (z >> 31)) >> 11) * 0x1p-53
    }
    func gauss() -> Double { (-2 * log(max(next(), 1e-300))).squareRoot() * cos(2 * Double.pi * next()) }
    // L of [[1,.8,.8],[.8,1,.5],[.8,.5,1]].
    let l21 = 0.8, l22 = (1 - 0.64).squareRoot(), l31 = 0.8, l32 = (0.5 - 0.64) / l22, l33 = (1 - l31 * l31 - l32 * l32).squareRoot()
    var lines = ["a,b,c"]
    for _ in 0..<300 {
      let z1 = gauss(), z2 = gauss(), z3 = gauss()
      lines.append(String(format: "%.6f,%.6f,%.6f", z1, l21 * z1 + l22 * z2, l31 * z1 + l32 * z2 + l33 * z3))
    }
    let path = try write(lines.joined(separator: "\n") + "\n", "h.csv", in: dir)
    let r = try run(["cfa", "--data", path, "--syntax", "f =~ a + b + c", "--lang", "en"])
    #expect(r.status == 1, "\(r.stderr)")
    // The problem first, with what to consider; then the whole solution.
    #expect(r.stdout.hasPrefix("Improper solution: the estimates below are for diagnosis"))
    #expect(r.stdout.contains("Heywood case: the variance of 'a' is negative") && r.stdout.contains("x6 ~~ 0.01*x6"))
    #expect(r.stdout.contains("a <--- f") && r.stdout.contains("Model fit"))
    #expect(r.stderr.contains("clusterstat: warning: Heywood case: the variance of 'a' is negative"))
    #expect(r.stderr.contains("clusterstat: error: improper solution (") && r.stderr.contains("must not be reported as a fitted model"))
    // JSON: the estimates, admissible false and the problems; still exit 1.
    let j = try run(["cfa", "--data", path, "--syntax", "f =~ a + b + c", "--format", "json"])
    #expect(j.status == 1)
    let obj = try #require(JSONSerialization.jsonObject(with: Data(j.stdout.utf8)) as? [String: Any])
    #expect(obj["admissible"] as? Bool == false && (obj["improper"] as? [String])?.first?.hasPrefix("Heywood case") == true)
    #expect((obj["parameters"] as? [[String: Any]])?.isEmpty == false)
  }

  /// Nearly collinear variables are named before any fit (bad input, exit 2).
  @Test func nearlySingularDataNameTheCollinearSet() throws {
    let dir = try tempDir()
    var lines = ["x1,x2,x3,x4,sum"]
    var state: UInt64 = 7
    func next() -> Double { state = state &* 6364136223846793005 &+ 1442695040888963407; return Double(state >> 11) * 0x1p-53 }
    for _ in 0..<200 {
      let x = (0..<4).map { _ in next() }
      lines.append((x + [x[0] + x[1] + x[2] + 1e-9 * next()]).map { String(format: "%.12f", $0) }.joined(separator: ","))
    }
    let path = try write(lines.joined(separator: "\n") + "\n", "c.csv", in: dir)
    let r = try run(["cfa", "--data", path, "--syntax", "f =~ x1 + x2 + x3 + sum + x4"])
    #expect(r.status == 2, "\(r.stderr)")
    #expect(r.stderr.contains("nearly singular") && r.stderr.contains("sum") && r.stderr.contains("x1") && !r.stderr.contains("x4,"))
  }

  @Test func growthOrthogonalAndConstraints() throws {
    let growth = packageRoot.appendingPathComponent("Datasets/reference/Demo.growth.csv").path
    let g = try run(["growth", "--data", growth, "--syntax", "i =~ 1*t1 + 1*t2 + 1*t3 + 1*t4; s =~ 0*t1 + 1*t2 + 2*t3 + 3*t4", "--format", "json"])
    #expect(g.status == 0, "\(g.stderr)")
    let gj = try #require(JSONSerialization.jsonObject(with: Data(g.stdout.utf8)) as? [String: Any])
    #expect(abs(((gj["fit"] as? [String: Any])?["chisq"] as? Double ?? 0) - 8.06873) < 1e-4)
    let o = try run(["cfa", "--data", hsPath, "--syntax", hsCFA, "--orthogonal", "--format", "json"])
    let oj = try #require(JSONSerialization.jsonObject(with: Data(o.stdout.utf8)) as? [String: Any])
    #expect(((oj["fit"] as? [String: Any])?["df"] as? Double) == 27)
    let c = try run(["cfa", "--data", hsPath, "--syntax", "visual =~ x1 + a*x2 + x3; textual =~ x4+x5+x6; speed =~ x7+x8+x9; a > 0.6", "--format", "json"])
    #expect(c.status == 0, "\(c.stderr)")
    let cj = try #require(JSONSerialization.jsonObject(with: Data(c.stdout.utf8)) as? [String: Any])
    let status = try #require((cj["constraints"] as? [[String: Any]])?.first)
    #expect(status["constraint"] as? String == "a > 0.6" && status["active"] as? Bool == true)
  }

  /// Modification indices with groups, FIML and intercepts are computed (not an empty table).
  @Test func modificationIndicesEverywhere() throws {
    let missing = packageRoot.appendingPathComponent("Datasets/reference/HolzingerSwineford1939-missing.csv").path
    for extra in [["--group", "school"], ["--missing", "fiml"], ["--meanstructure"]] {
      let r = try run(["cfa", "--data", extra.contains("fiml") ? missing : hsPath, "--syntax", hsCFA, "--modindices", "--format", "json"] + extra)
      #expect(r.status == 0, "\(r.stderr)")
      let j = try #require(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
      #expect(((j["modindices"] as? [[String: Any]])?.count ?? 0) >= 54, "\(extra)")
    }
  }

  @Test func nonConvergence() throws {
    let r = try run(["cfa", "--data", hsPath, "--syntax", hsCFA, "--max-iterations", "3"])
    #expect(r.status == 1)
    #expect(r.stderr.hasPrefix("clusterstat: error: the model did not converge: reached the iteration limit (3) after 3 iterations (largest gradient element "))
    #expect(r.stderr.hasSuffix("); check the model for misspecification or try other start values\n"))
  }
}

/// `--se bootstrap`: intervals in the tables and JSON, and a bootstrap where
/// most replicates fail is a statistical failure (exit 1).
@Suite struct BootstrapCommandTests {
  let mediation = "visual =~ x1+x2+x3; textual =~ x4+x5+x6; speed =~ x7+x8+x9; textual ~ a*visual; speed ~ b*textual + c*visual; ind := a*b"

  @Test func bootstrapJSONAndTable() throws {
    let r = try run(["sem", "--data", hsPath, "--syntax", mediation, "--se", "bootstrap", "--bootstrap", "200", "--seed", "5", "--format", "json"])
    #expect(r.status == 0, "\(r.stderr)")
    let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    let boot = try #require(json["bootstrap"] as? [String: Any])
    #expect(boot["requested"] as? Int == 200)
    #expect(boot["completed"] as? Int == 200)
    #expect(boot["failed"] as? Int == 0)
    let estimates = try #require(boot["estimates"] as? [[String: Any]])
    let ind = try #require(estimates.first { $0["lhs"] as? String == "ind" })
    for key in ["ci.lower.perc", "ci.upper.perc", "ci.lower.bca.simple", "ci.upper.bca.simple", "se"] { #expect(ind[key] is Double, "\(key)") }
    // The parameter table carries the bootstrap SE and percentile interval.
    let params = try #require(json["parameters"] as? [[String: Any]])
    let pind = try #require(params.first { $0["lhs"] as? String == "ind" })
    #expect(pind["se"] as? Double == ind["se"] as? Double)
    #expect(pind["ci.lower"] as? Double == ind["ci.lower.perc"] as? Double)
    let text = try run(["sem", "--data", hsPath, "--syntax", mediation, "--se", "bootstrap", "--bootstrap", "200", "--seed", "5", "--lang", "en"])
    #expect(text.stdout.contains("bias-corrected CI"))
    #expect(text.stdout.contains("200 of 200 replicates converged"))
  }

  /// --bollen-stine: the p value in the fit table and under bootstrap."bollen.stine"
  /// in JSON (lavaan's boot.larger / boot.length); it needs --se bootstrap.
  @Test func bollenStineInTableAndJSON() throws {
    let r = try run(["sem", "--data", hsPath, "--syntax", mediation, "--se", "bootstrap", "--bootstrap", "100", "--bollen-stine", "--format", "json"])
    #expect(r.status == 0, "\(r.stderr)")
    let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    let boot = try #require(json["bootstrap"] as? [String: Any])
    let bs = try #require(boot["bollen.stine"] as? [String: Any])
    // The mediation model misfits badly (χ² = 85.3 on 24 df): no rotated replicate comes close.
    #expect(bs["pvalue"] as? Double == 0)
    #expect(bs["boot.larger"] as? Int == 0)
    #expect(bs["boot.length"] as? Int == 100)
    let chisq = try #require((json["fit"] as? [String: Any])?["chisq"] as? Double)
    #expect(bs["chisq"] as? Double == chisq)
    let text = try run(["sem", "--data", hsPath, "--syntax", mediation, "--se", "bootstrap", "--bootstrap", "100", "--bollen-stine", "--lang", "en"])
    #expect(text.stdout.contains("Bollen–Stine bootstrap p"))
    #expect(text.stdout.contains("0 of 100 replicates gave a χ² above the observed one"))
    let bad = try run(["sem", "--data", hsPath, "--syntax", mediation, "--bollen-stine"])
    #expect(bad.status == 2)
    #expect(bad.stderr.contains("--bollen-stine is a bootstrap test: add --se bootstrap"))
  }

  @Test func mostReplicatesFailingIsExitOne() throws {
    let csv = packageRoot.appendingPathComponent("Tests/CLITests/Fixtures/collinear-bootstrap.csv").path
    let r = try run(["cfa", "--data", csv, "--syntax", "f1 =~ a + c + e; f2 =~ b + d + f", "--se", "bootstrap", "--bootstrap", "20"])
    #expect(r.status == 1)
    #expect(r.stderr.contains("the bootstrap failed:") && r.stderr.contains("(of 20 asked for) could not be fitted"), "\(r.stderr)")
  }

  @Test func bootstrapNeedsRawData() throws {
    let r = try run(["cfa", "--cov", hsPath, "--nobs", "301", "--syntax", "f =~ x1 + x2 + x3", "--se", "bootstrap"])
    #expect(r.status == 2)
    #expect(r.stderr.contains("--se bootstrap resamples cases, so it needs --data"))
  }
}

// `--diagram FILE.svg|png`: Graphviz's layout as SVG, or a PNG rasterised by librsvg.
@Suite struct DiagramOptionTests {
  let polidem = packageRoot.appendingPathComponent("Benchmarks/models/polidem.lav").path
  let polidemData = packageRoot.appendingPathComponent("Datasets/reference/PoliticalDemocracy.csv").path

  @Test func svgAndPNG() throws {
    let dir = try tempDir().path
    let svg = dir + "/pd.svg", png = dir + "/pd.png"
    for out in [svg, png] {
      let r = try run(["sem", "--data", polidemData, "--model", polidem, "--diagram", out])
      #expect(r.status == 0, "\(r.stderr)")
    }
    let text = try String(contentsOfFile: svg, encoding: .utf8)
    #expect(text.hasPrefix("<svg class=\"path-diagram\"") && text.contains("dem65") && text.contains("R² = 0.96"))
    let bytes = try #require(FileManager.default.contents(atPath: png))
    #expect(bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) && bytes.count > 20_000)
  }

  @Test func secondOrderAndTwoGroups() throws {
    let dir = try tempDir().path
    let r = try run(["cfa", "--data", hsPath, "--syntax", hsCFA + "; g =~ visual + textual + speed", "--diagram", dir + "/second.svg"])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(try String(contentsOfFile: dir + "/second.svg", encoding: .utf8).contains(">g<"))
    let g = try run(["cfa", "--data", hsPath, "--syntax", hsCFA, "--group", "school", "--diagram", dir + "/hs.png"])
    #expect(g.status == 0, "\(g.stderr)")
    for label in ["Pasteur", "Grant-White"] {
      let bytes = try #require(FileManager.default.contents(atPath: dir + "/hs-\(label).png"), "hs-\(label).png")
      #expect(bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]))
    }
    #expect(!FileManager.default.fileExists(atPath: dir + "/hs.png"))
  }

  @Test func refusesOtherFormatsAndInputs() throws {
    let pdf = try run(["sem", "--data", polidemData, "--model", polidem, "--diagram", "x.pdf"])
    #expect(pdf.status != 0 && pdf.stderr.contains("FILE.svg or FILE.png"))
    let dir = try tempDir()
    let model = try write("f =~ x1 + x2 + x3\n", "model.svg", in: dir)
    let same = try run(["cfa", "--data", hsPath, "--model", model, "--diagram", model])
    #expect(same.status != 0 && same.stderr.contains("is an input file"))
    #expect(try String(contentsOfFile: model, encoding: .utf8) == "f =~ x1 + x2 + x3\n")
  }
}
