// Result rows of modification indices (Modification/) and of measurement
// quality (Measurement/), as SEMResult carries them.

public struct ModificationIndex: Sendable, Codable, Equatable {
  public var lhs: String
  public var op: Operator
  public var rhs: String
  public var group: Int
  public var mi: Double
  public var epc: Double
  public var sepcLV: Double
  public var sepcAll: Double

  enum CodingKeys: String, CodingKey {
    case lhs, op, rhs, group, mi, epc, sepcLV = "sepc.lv", sepcAll = "sepc.all"
  }
}

public struct FactorReliability: Sendable, Codable, Equatable {
  public var factor: String
  public var cr: Double
  public var ave: Double
}
