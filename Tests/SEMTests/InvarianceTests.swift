import Foundation
import Testing
import _TestSupport
@testable import SEM

// The invariance sequence against lavaan's lavTestLRT(configural, metric,
// scalar, strict) on HS by school (Fixtures/make_inference_references.R).

@Suite struct InvarianceTests {
  struct LRT: Decodable {
    struct Row: Decodable {
      var Df: Double
      var AIC: Double
      var BIC: Double
      var Chisq: Double
      var diff: Double?
      var dfDiff: Double?
      var pr: Double?
      enum CodingKeys: String, CodingKey { case Df, AIC, BIC, Chisq, diff = "Chisq.diff", dfDiff = "Df.diff", pr = "Pr" }
    }
    var rows: [Row]
  }

  @Test func lavTestLRT() throws {
    let url = packageRoot.appendingPathComponent("Tests/SEMTests/Fixtures/hs_school_lrt.json")
    let ref = try JSONDecoder().decode(LRT.self, from: Data(contentsOf: url))
    let model = try reference("hs_school_configural").model
    let r = try Invariance.run(syntax: model, data: try dataset("HolzingerSwineford1939.csv"), group: "school", options: SEMOptions())
    #expect(r.steps.map(\.model) == ["configural", "metric", "scalar", "strict"])
    #expect(r.groups == ["Pasteur", "Grant-White"] && r.nobs == [156, 145])
    for (ours, theirs) in zip(r.steps, ref.rows) {
      #expect(agrees(ours.df, theirs.Df) && agrees(ours.aic, theirs.AIC) && agrees(ours.bic, theirs.BIC) && agrees(ours.chisq, theirs.Chisq), "\(ours.model)")
      #expect(agrees(ours.chisqDiff, theirs.diff) && agrees(ours.dfDiff, theirs.dfDiff) && agrees(ours.pvalueDiff, theirs.pr), "\(ours.model) diff")
    }
    // ΔCFI and ΔRMSEA from the per-step references.
    let metric = try reference("hs_school_metric").fitMeasures, scalar = try reference("hs_school_scalar").fitMeasures
    #expect(agrees(r.steps[2].deltaCFI, scalar["cfi"]!! - metric["cfi"]!!, 1e-4))
    #expect(r.steps[1].holds == true && r.steps[2].holds == false)
  }

  /// With MLR, lavTestLRT's Satorra–Bentler (2001) scaled differences, and
  /// the robust CFI/RMSEA in the deltas.
  @Test func scaledDifferencesWithMLR() throws {
    let url = packageRoot.appendingPathComponent("Tests/SEMTests/Fixtures/hs_school_lrt_mlr.json")
    let ref = try JSONDecoder().decode(LRT.self, from: Data(contentsOf: url))
    let model = try reference("hs_school_configural_mlr").model
    let r = try Invariance.run(syntax: model, data: try dataset("HolzingerSwineford1939.csv"), group: "school", options: SEMOptions(robust: .mlr))
    for (ours, theirs) in zip(r.steps, ref.rows) {
      #expect(agrees(ours.df, theirs.Df) && agrees(ours.chisq, theirs.Chisq), "\(ours.model)")
      #expect(agrees(ours.chisqDiff, theirs.diff) && agrees(ours.dfDiff, theirs.dfDiff) && agrees(ours.pvalueDiff, theirs.pr), "\(ours.model) diff: \(String(describing: ours.chisqDiff)) vs \(String(describing: theirs.diff))")
    }
    let metric = try reference("hs_school_metric_mlr").fitMeasures, scalar = try reference("hs_school_scalar_mlr").fitMeasures
    #expect(agrees(r.steps[2].deltaCFI, scalar["cfi.robust"]!! - metric["cfi.robust"]!!, 1e-4))
    #expect(agrees(r.steps[2].deltaRMSEA, scalar["rmsea.robust"]!! - metric["rmsea.robust"]!!, 1e-4))
    #expect(agrees(r.steps[2].scalingFactor, scalar["chisq.scaling.factor"]!!))
  }

  @Test func badGroups() throws {
    let frame = try dataset("HolzingerSwineford1939.csv")
    let model = "visual =~ x1+x2+x3; textual =~ x4+x5+x6; speed =~ x7+x8+x9"
    // A group with fewer complete cases than variables.
    var rows = Array(0..<40)
    rows += (0..<frame.rowCount).filter { frame["school"]!.textValues[$0] == "Grant-White" }.prefix(5)
    let small = frame.rows(Array(Set(rows)).sorted())
    #expect {
      _ = try SEM.fit(try SEMModel(syntax: model, data: small, options: SEMOptions(), group: "school"))
    } throws: { ($0 as? InputError)?.description.contains("group 'Grant-White' of 'school' has 5 complete cases for 9 observed variables") == true }
    #expect {
      _ = try SEM.fit(try SEMModel(syntax: model, data: frame, options: SEMOptions(model: ModelOptions(groupEqual: [.loadings], groupPartial: ["x3 ~~ x9"])), group: "school"))
    } throws: { ($0 as? SyntaxError)?.message.contains("group.partial 'x3~~x9' is not a parameter") == true }
    #expect(throws: InputError.self) { _ = try SEM.fit(try SEMModel(syntax: model, data: frame, options: SEMOptions(), group: "sex_missing")) }
  }
}
