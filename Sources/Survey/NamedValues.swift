// Name → number pairs that keep their order in JSON (`{"x1": 0.31, "x2": …}`),
// which a Swift dictionary would not.

public struct NamedValues: Sendable, Equatable, Codable {
  public var names: [String]
  public var values: [Double]

  public init(names: [String], values: [Double]) {
    precondition(names.count == values.count)
    self.names = names
    self.values = values
  }

  public subscript(name: String) -> Double? {
    names.firstIndex(of: name).map { values[$0] }
  }

  struct Key: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
  }

  public func encode(to encoder: Encoder) throws {
    var c = encoder.container(keyedBy: Key.self)
    for (n, v) in zip(names, values) {
      if v.isFinite { try c.encode(v, forKey: Key(stringValue: n)) } else { try c.encodeNil(forKey: Key(stringValue: n)) }
    }
  }

  public init(from decoder: Decoder) throws {
    let c = try decoder.container(keyedBy: Key.self)
    names = c.allKeys.map(\.stringValue)
    values = try names.map { try c.decodeIfPresent(Double.self, forKey: Key(stringValue: $0)) ?? .nan }
  }
}
