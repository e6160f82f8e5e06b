import LinearAlgebra
import Ordinal
import Survey

// Items treated as ordinal: the moments of ItemSample with the polychoric
// correlation matrix (Ordinal's two-step ML, lavaan's lavCor) in place of
// both the covariance and the Pearson correlation. Everything computed from a
// matrix then is its ordinal version, as psych computes it from
// polychoric(x)$rho:
//   ordinal α = p·r̄ / (1 + (p − 1)·r̄), r̄ the mean polychoric correlation
//     (Zumbo, Gadermann & Zeisser 2007, "Ordinal versions of coefficients
//     alpha and theta for Likert rating scales", J. Modern Applied
//     Statistical Methods 6, 21–29; psych::alpha(polychoric(x)$rho)),
//   ordinal ω and EFA on the same matrix (psych::omega / fa(cor = "poly")).
// The raw columns are dropped so that no statistic silently mixes raw scores
// in (item–total r and Duhachek's interval need them); the item means stay.

extension ItemSample {
  public static func polychoric(_ frame: DataFrame, items: [String], minimumItems: Int = 2, use: MissingHandling = .listwise,
                                purpose: String) throws(InputError) -> ItemSample {
    var s = try from(frame, items: items, minimumItems: minimumItems, use: use, purpose: purpose)
    var vars: [OrdinalVariable] = []
    for (name, column) in zip(items, s.columns) { vars.append(try OrdinalVariable(name: name, values: column, source: frame.source)) }
    // After listwise deletion the columns are complete: both treatments agree.
    let m = try PolychoricMatrix.compute(vars, missing: use == .listwise ? .listwise : .pairwise, source: frame.source)
    let r = Matrix(m.rho)
    s.covariance = r
    s.correlation = r
    s.warnings = []
    if let smoothed = ItemSample.smoothed(r) {
      s.correlation = smoothed
      s.covariance = smoothed
      s.warnings.append(.smoothed(what: "polychoric", zh: "多分格相关矩阵"))
    }
    if !m.sparsePairs.isEmpty {
      let pairs = m.sparsePairs.prefix(5).map { "\($0.first)–\($0.second)" }
      s.warnings.append(Warning(
        en: "\(m.sparsePairs.count) item pair\(m.sparsePairs.count == 1 ? " has" : "s have") empty cells in their cross-table (\(pairs.joined(separator: ", "))); tables larger than 2 × 2 are used as they are (lavaan's default)",
        zh: "\(m.sparsePairs.count) 对题项的交叉表有空单元格（\(pairs.joined(separator: "、"))）；大于 2 × 2 的表按原样使用（lavaan 的默认做法）"))
    }
    s.pairCounts = m.n

    s.correlationMethod = .polychoric
    return s
  }
}
