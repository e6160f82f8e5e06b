// The book's sub-models (INSTRUMENT.md, "Models") in lavaan syntax, built
// from the instrument so that item lists and labels cannot drift:
//   sub-model k: X → KR → IG with X → IG direct, X ∈ {RE, SE, NC, AC};
//   full model: RE, SE, NC, AC → KR → IG, exogenous factors correlated;
// NC and AC are second-order factors over their four dimensions. Paths carry
// labels (a_X: X → KR, b: KR → IG, c_X: X → IG) so that each indirect effect
// is a defined parameter ind_X := a_X*b, with total_X := c_X + ind_X.

public struct StudyModel: Sendable {
  public var name: String
  public var zh: String
  public var en: String
  public var syntax: String
}

public enum StudyModels {
  /// The exogenous constructs of the structural models, in the book's order.
  public static let predictors = ["RE", "SE", "NC", "AC"]

  static func measurement(_ name: String) -> [String] {
    if let part = Instrument.parts.first(where: { $0.secondOrder?.name == name }) {
      return part.constructs.map { c in "\(c.name) =~ " + c.items.map(\.name).joined(separator: " + ") }
        + ["\(name) =~ " + part.constructs.map(\.name).joined(separator: " + ")]
    }
    guard let c = Instrument.constructs.first(where: { $0.name == name }) else { return [] }
    return ["\(c.name) =~ " + c.items.map(\.name).joined(separator: " + ")]
  }

  static func structural(_ xs: [String]) -> [String] {
    var lines = (xs + ["KR", "IG"]).flatMap(measurement)
    lines.append("KR ~ " + xs.map { "a_\($0)*\($0)" }.joined(separator: " + "))
    lines.append("IG ~ b*KR + " + xs.map { "c_\($0)*\($0)" }.joined(separator: " + "))
    for x in xs {
      lines.append("ind_\(x) := a_\(x)*b")
      lines.append("total_\(x) := c_\(x) + a_\(x)*b")
    }
    return lines
  }

  public static var all: [StudyModel] {
    let names: [String: (String, String)] = [
      "RE": ("关系性嵌入", "relational embeddedness"), "SE": ("结构性嵌入", "structural embeddedness"),
      "NC": ("网络能力", "network capability"), "AC": ("吸收能力", "absorptive capacity"),
    ]
    var out = predictors.enumerated().map { k, x in
      StudyModel(name: "sub\(k + 1)", zh: "子模型\(k + 1)：\(names[x]!.0) → 知识租金获取 → 国际化成长",
                 en: "Sub-model \(k + 1): \(names[x]!.1) → knowledge rent → international growth",
                 syntax: structural([x]).joined(separator: "\n"))
    }
    out.append(StudyModel(name: "full", zh: "全模型：网络嵌入性、网络能力、吸收能力 → 知识租金获取 → 国际化成长",
                          en: "Full model: embeddedness, network capability, absorptive capacity → knowledge rent → international growth",
                          syntax: structural(predictors).joined(separator: "\n")))
    return out
  }

  /// The measurement model for the CFA: every first-order construct, all correlated.
  public static var measurementModel: String {
    Instrument.constructs.map { c in "\(c.name) =~ " + c.items.map(\.name).joined(separator: " + ") }.joined(separator: "\n")
  }
}
