import Foundation
import Testing

/// `clusterstat bench`: the JSON contract and the path without R. No timing
/// is asserted (times vary by machine); only shapes and the fitted χ².
@Suite struct BenchCommandTests {
  let hs3 = "visual =~ x1+x2+x3; textual =~ x4+x5+x6; speed =~ x7+x8+x9"

  /// A PATH with no Rscript on it: a folder holding nothing.
  func noRPath() throws -> [String: String] { ["PATH": try tempDir().path] }

  @Test func jsonShapeWithoutR() throws {
    let r = try run(["bench", "--data", hsPath, "--syntax", hs3, "--reps", "3", "--warmup", "1", "--against", "lavaan", "--format", "json"],
                    environment: try noRPath())
    #expect(r.status == 0, "\(r.stderr)")
    let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    #expect(Set(json.keys).isSuperset(of: ["model", "nobs", "reps", "clusterstat", "lavaan", "ratio"]))
    #expect(json["nobs"] as? Int == 301)
    #expect(json["reps"] as? Int == 3)
    #expect(json["model"] as? String == hs3)
    #expect(json["lavaan"] is NSNull)
    #expect(json["ratio"] is NSNull)
    #expect((json["note"] as? String)?.contains("Rscript is not installed") == true)
    let ours = try #require(json["clusterstat"] as? [String: Any])
    for key in ["median_s", "min_s", "max_s", "chisq"] { #expect(ours[key] is Double, "\(key)") }
    let (median, lo, hi) = (ours["median_s"] as! Double, ours["min_s"] as! Double, ours["max_s"] as! Double)
    #expect(lo > 0 && lo <= median && median <= hi)
    #expect((ours["iterations"] as? Int ?? 0) > 0)
    #expect((ours["evaluations"] as? Int ?? 0) >= (ours["iterations"] as? Int ?? 0))
    // The timed fit is the real one: lavaan's χ² for this model is 85.3055.
    #expect(abs((ours["chisq"] as! Double) - 85.305521772) < 1e-4)
  }

  @Test func textWithoutRPrintsOursAlone() throws {
    let r = try run(["bench", "--data", hsPath, "--syntax", hs3, "--reps", "2", "--warmup", "0", "--against", "lavaan", "--lang", "en"],
                    environment: try noRPath())
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.contains("ClusterStat"))
    #expect(!r.stdout.contains("lavaan 0."))
    #expect(r.stdout.contains("Rscript is not installed"))
    #expect(r.stdout.contains("85.306"))
  }

  @Test func bootstrapRunsAreTimedWhole() throws {
    let med = "visual =~ x1+x2+x3; textual =~ x4+x5+x6; textual ~ a*visual; ind := a*a"
    let r = try run(["bench", "--data", hsPath, "--syntax", med, "--bootstrap", "20", "--seed", "3", "--threads", "2",
                     "--reps", "2", "--warmup", "0", "--format", "json"], environment: try noRPath())
    #expect(r.status == 0, "\(r.stderr)")
    let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    #expect(json["bootstrap"] as? Int == 20)
    #expect(json["threads"] as? Int == 2)
    #expect(json["lavaan"] is NSNull)
  }

  @Test func speedupTimesPairsOfRuns() throws {
    let med = "visual =~ x1+x2+x3; textual =~ x4+x5+x6; textual ~ a*visual; ind := a*a"
    let r = try run(["bench", "--data", hsPath, "--syntax", med, "--bootstrap", "20", "--seed", "3", "--threads", "2",
                     "--reps", "3", "--warmup", "0", "--speedup", "--format", "json"], environment: try noRPath())
    #expect(r.status == 0, "\(r.stderr)")
    let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    #expect(json["pairs"] as? Int == 3)
    #expect(json["threads"] as? Int == 2)
    let ratios = try #require(json["pair_ratios"] as? [Double])
    #expect(ratios.count == 3)
    let one = try #require(json["one_thread"] as? [String: Any]), two = try #require(json["clusterstat"] as? [String: Any])
    #expect(abs((json["speedup"] as! Double) - ratios.sorted()[1]) < 1e-12)
    #expect(abs((json["ratio_of_medians"] as! Double) - (one["median_s"] as! Double) / (two["median_s"] as! Double)) < 1e-12)
    #expect(abs((json["ratio_of_minima"] as! Double) - (one["min_s"] as! Double) / (two["min_s"] as! Double)) < 1e-12)
    // Both thread counts run the same fit.
    #expect(one["chisq"] as? Double == two["chisq"] as? Double)
    let text = try run(["bench", "--data", hsPath, "--syntax", med, "--bootstrap", "20", "--threads", "2",
                        "--reps", "2", "--warmup", "0", "--speedup", "--lang", "en"], environment: try noRPath())
    #expect(text.status == 0)
    #expect(text.stdout.contains("Speed-up on 2 threads over one"))
  }

  @Test func badOptionsAreBadInput() throws {
    for (args, fragment) in [(["--reps", "0"], "--reps"), (["--against", "mplus"], "--against"), (["--format", "docx"], "--format"), (["--bootstrap", "5"], "--bootstrap"), (["--speedup"], "--speedup")] {
      let r = try run(["bench", "--data", hsPath, "--syntax", hs3] + args)
      #expect(r.status == 2)
      #expect(r.stderr.contains(fragment), "\(r.stderr)")
    }
  }
}
