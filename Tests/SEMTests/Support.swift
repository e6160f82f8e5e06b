import Foundation
import Testing
@testable import SEM

import _TestSupport

func dataset(_ name: String) throws -> DataFrame {
  try DataFrameReader.readCSV(path: packageRoot.appendingPathComponent("Datasets/reference/\(name)").path)
}

/// A lavaan reference output in Tests/SEMTests/Fixtures.
struct LavaanReference: Decodable {
  struct Row: Decodable {
    var lhs: String
    var op: Operator
    var rhs: String
    /// lavaan's group (multiple-group references; 0 for defined parameters).
    var group: Int?
    var label: String?
    var est: Double
    var se: Double?
    var z: Double?
    var pvalue: Double?
    var ci_lower: Double?
    var ci_upper: Double?
    var std_lv: Double?
    var std_all: Double?
    enum CodingKeys: String, CodingKey {
      case lhs, op, rhs, group, label, est, se, z, pvalue
      case ci_lower = "ci.lower", ci_upper = "ci.upper", std_lv = "std.lv", std_all = "std.all"
    }
  }
  var model: String
  var parameterEstimates: [Row]
  var fitMeasures: [String: Double?]
  /// R² by variable (one group), or one such object per group.
  var r2: R2?
  var iterations: Int?
  var admissible: Bool?
}

enum R2: Decodable {
  case single([String: Double])
  case groups([[String: Double]])
  init(from decoder: Decoder) throws {
    // lavaan's NA (an R² of a negative residual variance) decodes as NaN.
    func clean(_ d: [String: Double?]) -> [String: Double] { d.mapValues { $0 ?? .nan } }
    let c = try decoder.singleValueContainer()
    if let one = try? c.decode([String: Double?].self) { self = .single(clean(one)) } else { self = .groups(try c.decode([[String: Double?]].self).map(clean)) }
  }
  subscript(_ name: String, group g: Int = 1) -> Double? {
    switch self {
    case .single(let v): return v[name]
    case .groups(let v): return g <= v.count ? v[g - 1][name] : nil
    }
  }
}

func reference(_ name: String) throws -> LavaanReference {
  let url = packageRoot.appendingPathComponent("Tests/SEMTests/Fixtures/\(name).json")
  return try JSONDecoder().decode(LavaanReference.self, from: Data(contentsOf: url))
}

/// Model syntaxes several suites fit.
enum ModelSyntaxes {
  static let holzingerSwineford = "visual =~ x1+x2+x3; textual =~ x4+x5+x6; speed =~ x7+x8+x9"
  /// PoliticalDemocracy with equality labels across waves and correlated residuals (lavaan's example).
  static let politicalDemocracyLabelled = """
    ind60 =~ x1 + x2 + x3
    dem60 =~ y1 + a*y2 + b*y3 + c*y4
    dem65 =~ y5 + a*y6 + b*y7 + c*y8
    dem60 ~ ind60
    dem65 ~ ind60 + dem60
    y1 ~~ y5
    y2 ~~ y4 + y6
    """
}
