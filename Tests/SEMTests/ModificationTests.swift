import Foundation
import Testing
import _TestSupport
@testable import SEM

// Reference: lavaan's modindices() on the HS CFA and the mediation SEM
// (Fixtures/make_references.R). Every candidate lavaan lists for these models
// (cross-loadings and residual covariances) must be ours too, with mi, epc and
// sepc.all within 1e-5 · max(|lavaan|, 0.01).

struct MIReference: Decodable {
  struct Row: Decodable { var lhs: String; var op: Operator; var rhs: String; var mi: Double; var epc: Double; var sepc_all: Double?
    enum CodingKeys: String, CodingKey { case lhs, op, rhs, mi, epc, sepc_all = "sepc.all" } }
  var model: String
  var modindices: [Row]
}

@Suite struct ModificationTests {
  @Test(arguments: ["hs_cfa_modindices", "hs_sem_modindices"])
  func matchesLavaan(name: String) throws {
    let url = packageRoot.appendingPathComponent("Tests/SEMTests/Fixtures/\(name).json")
    let ref = try JSONDecoder().decode(MIReference.self, from: Data(contentsOf: url))
    let f = try SEM.fit(try SEMModel(syntax: ref.model, data: try dataset("HolzingerSwineford1939.csv")))
    let ours = try ModificationIndices.compute(f, try Inference(f))
    #expect(ours.count == ref.modindices.count)
    for r in ref.modindices {
      let o = try #require(ours.first { $0.lhs == r.lhs && $0.op == r.op && $0.rhs == r.rhs }, "\(r.lhs) \(r.op) \(r.rhs)")
      #expect(agrees(o.mi, r.mi) && agrees(o.epc, r.epc) && agrees(o.sepcAll, r.sepc_all), "\(r.lhs) \(r.op) \(r.rhs): \(o.mi) \(o.epc) \(o.sepcAll) vs \(r.mi) \(r.epc) \(r.sepc_all ?? .nan)")
    }
    #expect(ours.first?.lhs == "visual" && ours.first?.rhs == "x9")
  }
}
