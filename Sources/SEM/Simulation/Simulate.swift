import Foundation
import LinearAlgebra

// Data from a population model written in lavaan syntax with its values
// (`F =~ 0.8*x1 + 0.7*x2`, `Y ~ 0.3*F`, `F ~~ 0.4*G`), as lavaan's
// simulateData(standardized = TRUE) does:
//   - a parameter given a value has it; any other loading, regression or
//     covariance is 0;
//   - every residual variance not given is chosen so that each latent and
//     observed variable has variance 1 (the values are then standardised
//     coefficients), by the fixed point ψᵢᵢ ← ψᵢᵢ + 1 − [AΨAᵀ]ᵢᵢ and
//     θᵢᵢ ← θᵢᵢ + 1 − Σᵢᵢ, which for a recursive model is exact after as many
//     sweeps as the model has levels;
//   - x = L z with Σ = LLᵀ (Cholesky) and z standard normal (SplitMix64,
//     Box–Muller), so a seed gives the same data on every machine;
//   - optionally each variable is cut into k ordered categories at normal
//     quantiles of given category probabilities (Likert items).

public struct SimulationOptions: Sendable {
  public var n: Int
  public var seed: UInt64
  /// Residual variances chosen so every variable has variance 1.
  public var standardized: Bool
  /// Cut into this many categories (nil: continuous).
  public var categories: Int?
  /// Probability of each category (sums to 1); nil: the default shape for `categories`.
  public var probabilities: [Double]?

  public init(n: Int, seed: UInt64, standardized: Bool = true, categories: Int? = nil, probabilities: [Double]? = nil) {
    self.n = n
    self.seed = seed
    self.standardized = standardized
    self.categories = categories
    self.probabilities = probabilities
  }

  /// A mildly left-skewed k-point answer distribution, most answers just above
  /// the midpoint, as agreement items in management surveys have. For k = 7:
  /// .02 .04 .08 .20 .30 .24 .12.
  public static func defaultProbabilities(_ k: Int) -> [Double] {
    if k == 7 { return [0.02, 0.04, 0.08, 0.20, 0.30, 0.24, 0.12] }
    if k == 5 { return [0.04, 0.10, 0.26, 0.38, 0.22] }
    // Otherwise: a discretised normal centred a little above the midpoint.
    let w = (0..<k).map { i -> Double in
      let z = (Double(i) - Double(k - 1) * 0.6) / (Double(k) / 3.5)
      return Foundation.exp(-z * z / 2)
    }
    let s = w.reduce(0, +)
    return w.map { $0 / s }
  }
}

public struct PopulationModel: Sendable {
  /// Observed variables, in the order the model names them.
  public var observed: [String]
  /// Their population covariance matrix.
  public var sigma: Matrix
  /// Latent variables and their population covariance matrix.
  public var latent: [String]
  public var phi: Matrix
  /// Every parameter's population value (lavaan's parameter-table rows).
  public var values: [(lhs: String, op: Operator, rhs: String, value: Double)]
}

public enum Simulation {
  /// Cases one draw may have: the columns are held in memory (8 bytes a cell)
  /// before the CSV is written.
  public static let maxCases = 10_000_000

  /// The population model's Σ and parameter values.
  public static func population(syntax: String, standardized: Bool = true) throws -> PopulationModel {
    let table = try ParameterTable.build(try ModelSyntax.parse(syntax), options: ModelOptions(fixedX: false))
    let layout = try LISRELLayout(table: table)
    let ws = LISRELWorkspace(layout: layout)
    // Free parameters: the user's start value, else 0 (variances 1 to begin).
    var theta = [Double](repeating: 0, count: layout.freeCount)
    var adjustable: [(entry: MatrixEntry, parameter: Int)] = []
    for (e, k) in layout.freeEntries {
      let row = table.rows[e.tableRow]
      if let v = row.ustart {
        theta[k] = v
      } else if row.isVariance {
        theta[k] = 1
        if standardized { adjustable.append((e, k)) }
      }
    }
    // An overflowing value (1e400 is +∞) would reach LAPACK, which stops the
    // process on a non-finite matrix instead of reporting it.
    for row in table.rows where row.op != .defined {
      if let v = row.ustart, !v.isFinite {
        throw InputError("the population value of '\(row.lhs) \(row.op) \(row.rhs)' is \(v), not a finite number; check the values")
      }
    }
    ws.fill(theta)
    guard ws.computeSigma() else { throw InputError("the population model's I − B is singular (a feedback loop with these values)") }
    if !adjustable.isEmpty {
      var converged = false
      for _ in 0..<200 {
        var change = 0.0
        let phi = ws.phi
        for (e, k) in adjustable {
          let implied = e.matrix == .psi ? phi[e.row, e.row] : ws.sigma[e.row, e.row]
          let d = 1 - implied
          theta[k] += d
          change = max(change, abs(d))
        }
        ws.fill(theta)
        ws.computeSigma()
        if change < 1e-13 { converged = true; break }
      }
      if !converged {
        throw InputError("the residual variances that make every variance 1 could not be found (a non-recursive model?); give them explicitly")
      }
      for (e, k) in adjustable where theta[k] < 0 {
        let row = table.rows[e.tableRow]
        throw InputError(
          "the population values explain more than all of the variance of '\(row.lhs)' (its residual variance would be \(String(format: "%.3f", theta[k]))); lower the coefficients that point to it")
      }
    }
    var values: [(String, Operator, String, Double)] = []
    for row in table.rows where row.op != .defined {
      let v: Double
      if row.free > 0 { v = theta[row.free - 1] } else { v = row.ustart ?? 0 }
      values.append((row.lhs, row.op, row.rhs, v))
    }
    // Latent rows/columns of Φ (η also holds observed dummies).
    let latentIdx = layout.eta.indices.filter { !layout.dummy.values.contains($0) }
    let phiAll = ws.phi
    var phi = Matrix(rows: latentIdx.count, columns: latentIdx.count)
    for (a, i) in latentIdx.enumerated() { for (b, j) in latentIdx.enumerated() { phi[a, b] = phiAll[i, j] } }
    return PopulationModel(observed: layout.observed, sigma: ws.sigma, latent: latentIdx.map { layout.eta[$0] }, phi: phi,
                           values: values.map { (lhs: $0.0, op: $0.1, rhs: $0.2, value: $0.3) })
  }

  /// n draws from N(0, Σ), columns in `population.observed` order.
  public static func draw(_ population: PopulationModel, options: SimulationOptions) throws -> [[Double]] {
    let p = population.observed.count
    guard options.n <= maxCases else {
      throw InputError("\(options.n) cases asked for; simulate at most \(maxCases) at a time")
    }
    guard population.sigma.elements.allSatisfy(\.isFinite) else {
      throw InputError("the population covariance matrix has infinite or undefined entries (values too large?); check the values")
    }
    let chol: Cholesky
    do {
      chol = try Cholesky(population.sigma)
    } catch {
      throw InputError("the population covariance matrix is not positive definite; check the values")
    }
    let l = chol.lower
    var rng = SplitMix64(seed: options.seed)
    var columns = [[Double]](repeating: [Double](repeating: 0, count: options.n), count: p)
    var z = [Double](repeating: 0, count: p)
    for r in 0..<options.n {
      for j in 0..<p { z[j] = rng.nextGaussian() }
      for i in 0..<p {
        var s = 0.0
        for j in 0...i { s += l[i, j] * z[j] }
        columns[i][r] = s
      }
    }
    if let k = options.categories {
      let probs = options.probabilities ?? SimulationOptions.defaultProbabilities(k)
      let cuts = thresholds(probs)
      for i in 0..<p {
        let sd = population.sigma[i, i].squareRoot()
        for r in 0..<options.n {
          let x = columns[i][r] / sd
          var c = 1
          while c <= cuts.count, x > cuts[c - 1] { c += 1 }
          columns[i][r] = Double(c)
        }
      }
    }
    return columns
  }

  /// Normal quantiles of the cumulative probabilities (k − 1 thresholds).
  public static func thresholds(_ probabilities: [Double]) -> [Double] {
    var cum = 0.0
    return probabilities.dropLast().map { q in
      cum += q
      return Normal.quantile(cum)
    }
  }
}
