import Distributions
import LinearAlgebra
import Survey

// Hierarchical (blockwise) regression as SPSS's REGRESSION with several
// METHOD=ENTER blocks and R's anova(m₁, m₂): model k holds blocks 1…k; for
// each, R², adjusted R², F and the change from model k − 1:
//   ΔR² = R²_k − R²_{k−1},  F_change = (ΔR²/df₁)/((1 − R²_k)/df₂),
//   df₁ = predictors added, df₂ = n − p_k   (Cohen, Cohen, West & Aiken 2003, §5.5);
// then the coefficient table of each model (OLS.swift), with HC3 standard
// errors on request (t on n − p df, as lmtest::coeftest with vcovHC).

public enum RobustSE: String, Sendable, Codable, CaseIterable {
  case none, hc3
}

public struct CoefficientRow: Sendable, Codable, Equatable {
  public var term: String
  public var b: Double
  public var se: Double
  public var t: Double
  public var pvalue: Double
  /// SPSS's Beta (nil for the intercept).
  public var beta: Double?
  public var ciLower: Double
  public var ciUpper: Double
  public var vif: Double?
  public var tolerance: Double?

  enum CodingKeys: String, CodingKey {
    case term, b, se, t, pvalue, beta, vif, tolerance
    case ciLower = "ci.lower", ciUpper = "ci.upper"
  }
}

public struct ModelSummary: Sendable, Codable, Equatable {
  public var block: Int
  public var predictors: [String]
  public var n: Int
  public var r2: Double
  public var adjR2: Double
  public var F: Double
  public var df1: Int
  public var df2: Int
  public var pvalue: Double
  public var r2Change: Double
  public var fChange: Double
  public var df1Change: Int
  public var df2Change: Int
  public var pChange: Double
  public var ssRegression: Double
  public var ssResidual: Double
  public var coefficients: [CoefficientRow]
  /// Categorical predictors' reference levels: variable → level.
  public var references: [String: String]

  enum CodingKeys: String, CodingKey {
    case block, predictors, n, r2, F, df1, df2, pvalue, coefficients, references
    case adjR2 = "adj_r2", r2Change = "r2_change", fChange = "F_change", df1Change = "df1_change", df2Change = "df2_change"
    case pChange = "p_change", ssRegression = "ss_regression", ssResidual = "ss_residual"
  }
}

public struct RegressionResult: Sendable, Codable, Equatable {
  public var outcome: String
  public var n: Int
  public var dropped: Int
  public var robust: RobustSE
  public var standardized: Bool
  public var models: [ModelSummary]
}

public enum Regression {
  /// Coefficient rows of a fit: b, se (classical or HC3), t, p, CI, β, VIF.
  public static func coefficients(_ fit: OLSFit, x: Matrix, y: [Double], robust: RobustSE, level: Double = 0.95) -> [CoefficientRow] {
    let vcov = robust == .hc3 ? OLS.hc3(fit, x, y) : fit.vcov
    let t = StudentT(df: Double(fit.dfResidual))
    let q = t.quantile(1 - (1 - level) / 2)
    let sy = meanAndSD(y).sd
    let vif = OLS.vif(x)
    return (0..<fit.p).map { j in
      let se = vcov[j, j].squareRoot()
      let tj = fit.b[j] / se
      return CoefficientRow(
        term: fit.names[j], b: fit.b[j], se: se, t: tj, pvalue: 2 * t.cdf(-abs(tj)),
        beta: j == 0 ? nil : fit.b[j] * meanAndSD(x.column(j)).sd / sy,
        ciLower: fit.b[j] - q * se, ciUpper: fit.b[j] + q * se,
        vif: j == 0 ? nil : vif[j - 1], tolerance: j == 0 ? nil : 1 / vif[j - 1])
    }
  }

  public static func hierarchical(_ frame: DataFrame, outcome: String, blocks: [[String]], categorical: Set<String> = [],
                                  robust: RobustSE = .none, standardize: Bool = false) throws -> RegressionResult {
    guard !blocks.isEmpty, blocks.allSatisfy({ !$0.isEmpty }) else {
      throw InputError("every block needs at least one predictor", settings: [.block])
    }
    let all = blocks.flatMap { $0 }
    var seen = Set<String>()
    for v in all where !seen.insert(v).inserted {
      throw InputError(column: v, "is entered in more than one block")
    }
    if all.contains(outcome) { throw InputError(column: outcome, "is the outcome and cannot also be a predictor") }
    if standardize, let cat = all.first(where: { categorical.contains($0) || !(frame[$0]?.isNumeric ?? true) }) {
      throw InputError(column: cat, "is categorical; standardized coefficients need numeric predictors", settings: [.standardize])
    }
    guard frame[outcome]?.isNumeric ?? true, !categorical.contains(outcome) else {
      throw InputError(column: outcome, "is categorical; the outcome of a linear regression must be numeric")
    }
    var data = try DesignData.read(frame, variables: [outcome] + all, categorical: categorical)
    if standardize {
      for (v, c) in data.columns {
        let (m, s) = meanAndSD(c)
        data.columns[v] = c.map { ($0 - m) / s }
      }
    }
    let y = data.columns[outcome]!
    var models: [ModelSummary] = []
    var entered: [String] = []
    var previousR2 = 0.0, previousP = 1
    for (k, block) in blocks.enumerated() {
      entered += block
      let predictors = data.predictors(entered)
      let x = data.matrix(predictors)
      let fit: OLSFit
      do { fit = try OLS.fit(x, y, names: ["(Intercept)"] + predictors.map(\.term)) } catch { throw InputError(error.description) }
      let df1c = fit.p - previousP, df2 = fit.dfResidual
      let change = fit.r2 - previousR2
      let fChange = (change / Double(df1c)) / ((1 - fit.r2) / Double(df2))
      var references: [String: String] = [:]
      for p in predictors { if let r = p.reference { references[p.variable] = r } }
      models.append(ModelSummary(
        block: k + 1, predictors: entered, n: fit.n, r2: fit.r2, adjR2: fit.adjustedR2, F: fit.F, df1: fit.p - 1, df2: df2,
        pvalue: fit.fPvalue, r2Change: change, fChange: fChange, df1Change: df1c, df2Change: df2,
        pChange: FisherF(df1: Double(df1c), df2: Double(df2)).cdf(fChange, upperTail: true),
        ssRegression: fit.tss - fit.rss, ssResidual: fit.rss,
        coefficients: coefficients(fit, x: x, y: y, robust: robust), references: references))
      previousR2 = fit.r2
      previousP = fit.p
    }
    return RegressionResult(outcome: outcome, n: data.n, dropped: data.dropped, robust: robust, standardized: standardize, models: models)
  }
}
