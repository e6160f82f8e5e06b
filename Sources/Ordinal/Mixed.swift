import Distributions
import Foundation
import LinearAlgebra
import Survey
import Synchronization

// Sample statistics and their asymptotic covariance for a mix of continuous
// and ordered variables (Muthén 1984, "A general structural equation model
// with dichotomous, ordered categorical, and continuous latent variable
// indicators", Psychometrika 49, 115–132; lavaan's muthen1984() without
// covariates, whose layout and choices are kept):
//   stage 1, per variable: an ordinal item's thresholds from its margin; a
//     continuous variable's ML mean μ and variance σ² (divisor N);
//   stage 2, per pair with the stage-1 values fixed: polychoric (two items),
//     polyserial (continuous × item, Olsson, Drasgow & Dorans 1982) or Pearson
//     (two continuous variables, the ML correlation given the ML moments);
//   stage 3, Γ by the sandwich of the stacked estimating equations,
//     θ = (per variable τ or μ, the continuous variances, ρ in vech order),
//     B = [A₁₁, 0; A₂₁, A₂₂] with outer-product information per variable (A₁₁, a
//     continuous variable's (μ, σ²) block 2 × 2), A₂₁[ρ, u] = Σₜ s_ρ ∂ℓ_pair/∂u,
//     A₂₂ = diag Σₜ s_ρ²; then the delta rule to covariances
//     cov_ij = ρ_ij σ_i σ_j (σ = 1 for an item):
//       ∂cov/∂ρ = σ_iσ_j,  ∂cov/∂σ²_i = ρσ_j/(2σ_i),
//     and the mean slots' sign reversed, because s carries −μ in them (the
//     threshold of a continuous variable).
// Per case t the influence zₜ = H B⁻¹ Sₜ, and Γ = N Σₜ zₜzₜᵀ.
// Pair scores (z = (x − μ)/σ, R = √(1 − ρ²), u and l the item's thresholds
// above and below the case's category, clipped to ±100 as lavaan, P = Φ(u*) − Φ(l*),
// u* = (u − ρz)/R):
//   polyserial: s_ρ = [φ(u*)(ρu − z) − φ(l*)(ρl − z)]/(R³P),
//     ∂/∂μ = [z + ρ(φ(u*) − φ(l*))/(RP)]/σ,  ∂/∂σ² = [z² − 1 + ρz(φ(u*) − φ(l*))/(RP)]/(2σ²),
//     ∂/∂τ_c = φ(u*)/(RP), ∂/∂τ_{c−1} = −φ(l*)/(RP);
//   Pearson (e = x − μ, r = 1 − ρ², Q = e₁²/σ₁² − 2ρe₁e₂/(σ₁σ₂) + e₂²/σ₂²):
//     s_ρ = ρ/r + e₁e₂/(σ₁σ₂r) − ρQ/r²,  ∂/∂μ₁ = (e₁/σ₁² − ρe₂/(σ₁σ₂))/r,
//     ∂/∂σ₁² = −1/(2σ₁²) + (e₁²/σ₁⁴ − ρe₁e₂/(σ₁³σ₂))/(2r)  (and symmetrically for 2).

public struct MixedMoments: Sendable {
  public let names: [String]
  /// Per variable: true when continuous.
  public let numeric: [Bool]
  /// ML means and variances of the continuous variables (0 and 1 for items).
  public let means: [Double]
  public let variances: [Double]
  /// Per item its categories and thresholds ([] for a continuous variable).
  public let levels: [[Double]]
  public let thresholds: [[Double]]
  /// Polychoric, polyserial and Pearson correlations (unit diagonal).
  public let correlation: [[Double]]
  /// Γ in lavaan's WLS.obs order (per variable its thresholds or −μ; the
  /// continuous variances; the covariances below the diagonal column by column).
  public let gram: InfluenceGram
  public var gamma: Matrix { gram.matrix }
  public let n: Int
  public let sparsePairs: [PolychoricMatrix.SparsePair]

  /// From complete cases: `columns[v]` the values of variable v.
  public init(names: [String], columns: [[Double]], numeric: [Bool], source: String?) throws(InputError) {
    let p = names.count
    let n = columns.first?.count ?? 0
    var items: [OrdinalVariable?] = []
    for v in 0..<p { items.append(numeric[v] ? nil : try OrdinalVariable(name: names[v], values: columns[v], source: source)) }
    var thresholds = [[Double]](repeating: [], count: p), levels = thresholds
    for v in 0..<p { if let item = items[v] { thresholds[v] = OrdinalVariable.thresholds(counts: item.counts()); levels[v] = item.levels } }
    var means = [Double](repeating: 0, count: p), variances = [Double](repeating: 1, count: p)
    for v in 0..<p where numeric[v] {
      let m = columns[v].reduce(0, +) / Double(n)
      means[v] = m
      variances[v] = columns[v].reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(n)
      guard variances[v] > 0 else { throw InputError(file: source, column: names[v], "takes one value only in the complete cases; a constant cannot be modelled") }
    }

    // Layout of θ and the stage-1 influences.
    var start: [Int] = [], d = 0
    for v in 0..<p { start.append(d); d += numeric[v] ? 1 : thresholds[v].count }
    var varianceSlot = [Int](repeating: -1, count: p)
    for v in 0..<p where numeric[v] { varianceSlot[v] = d; d += 1 }
    var pairs: [(Int, Int)] = []
    for j in 0..<p { for i in (j + 1)..<max(j + 1, p) { pairs.append((i, j)) } }
    let dim = d + pairs.count
    // Every column is written below (an item's, continuous variable's and pair's), so z starts unfilled.
    var z = [Double](unsafeUninitializedCapacity: n * dim) { _, count in count = n * dim }
    let polyserialCount = pairs.filter { numeric[$0.0] != numeric[$0.1] }.count
    let workers = max(polyserialCount >= 4 ? max(1, min(availableCores, polyserialCount / 2)) : 1,
                      pairWorkers(pairs: pairs.count - polyserialCount, cases: n))
    // The items' threshold columns: read by polyserial pairs, so written
    // first when there are any; else by the pair workers, beside the pairs.
    var itemColumns: [Int] = []
    var categoryInfluence = [[[Double]]](repeating: [], count: p)
    z.withUnsafeMutableBufferPointer { zBuffer in
      let z = zBuffer.baseAddress!
      for v in 0..<p {
        if let item = items[v] {
          let influence = PolychoricInfluence.categoryInfluence(thresholds: thresholds[v], counts: item.counts())
          categoryInfluence[v] = influence
          if polyserialCount > 0 || workers == 1 {
            PolychoricInfluence.writeCategoryColumns(influence, codes: item.codes, into: z + start[v] * n)
          } else {
            itemColumns.append(v)
          }
        } else {
          let m = means[v], s2 = variances[v]
          var a = (0.0, 0.0, 0.0)
          for x in columns[v] {
            let sm = (x - m) / s2, sv = -0.5 / s2 + (x - m) * (x - m) / (2 * s2 * s2)
            a.0 += sm * sm; a.1 += sm * sv; a.2 += sv * sv
          }
          let det = a.0 * a.2 - a.1 * a.1
          let meanColumn = z + start[v] * n, varianceColumn = z + varianceSlot[v] * n
          columns[v].withUnsafeBufferPointer { x in
            for t in 0..<n {
              let sm = (x[t] - m) / s2, sv = -0.5 / s2 + (x[t] - m) * (x[t] - m) / (2 * s2 * s2)
              meanColumn[t] = (a.2 * sm - a.1 * sv) / det
              varianceColumn[t] = (a.0 * sv - a.1 * sm) / det
            }
          }
        }
      }
    }

    // Stage 2 and the correlations' influences (in the correlation metric).
    // Each pair reads the stage-1 columns and writes its own column of z, so
    // pairs run on all cores once there are enough polyserial pairs (the
    // expensive kind: a Newton fit over every case) or other pairs and cases
    // (pairWorkers) to pay for waking them.
    // Each continuous variable's cases by value, for its polyserial pairs.
    let orders = (0..<p).map { numeric[$0] && polyserialCount > 0 ? PolyserialPair.order(columns[$0]) : [] }
    var estimates = [PairEstimate](repeating: PairEstimate(rho: 0), count: pairs.count)
    do {
      // Constant from here on: the workers read them.
      let (thresholds, means, variances, start, varianceSlot, categoryInfluence, items, pairs, d, itemColumns) =
        (thresholds, means, variances, start, varianceSlot, categoryInfluence, items, pairs, d, itemColumns)
      z.withUnsafeMutableBufferPointer { zBuffer in
        estimates.withUnsafeMutableBufferPointer { eBuffer in
          let shared = SharedColumns(z: zBuffer.baseAddress!, estimates: eBuffer.baseAddress!)
          // Pairs handed out one at a time (polyserial pairs cost far more than
          // polychoric ones, and a core may be slowed by another process).
          let next = PairCounter()
          DispatchQueue.concurrentPerform(iterations: workers) { _ in
            let z = shared.z
            while true {
              let job = next.value.wrappingAdd(1, ordering: .relaxed).oldValue
              if job < itemColumns.count {
                let v = itemColumns[job]
                PolychoricInfluence.writeCategoryColumns(categoryInfluence[v], codes: items[v]!.codes, into: z + start[v] * n)
                continue
              }
              let q = job - itemColumns.count
              if q >= pairs.count { break }
              let (i, j) = pairs[q]
              let column = z + (d + q) * n
              var r: Double, estimate = PairEstimate(rho: 0)
              if !numeric[i] && !numeric[j] {
                // Polychoric pairs are estimated here too, on the same cores as the rest of stage 2;
                // two items have unit scales, so the correlation's influence is the covariance's.
                let table = PolychoricPair.table(items[i]!, items[j]!)
                let e = PolychoricPair.estimate(table: table, rows: items[i]!.categories, columns: items[j]!.categories,
                                                rowThresholds: thresholds[i], columnThresholds: thresholds[j])
                r = e.rho
                estimate.polychoric = e
                PolychoricInfluence.pairColumn(x: items[i]!, y: items[j]!, table: table, a: thresholds[i], b: thresholds[j], rho: r,
                                               zx: categoryInfluence[i], zy: categoryInfluence[j], into: column)
              } else if numeric[i] && numeric[j] {
                r = Self.pearsonInfluence(x: columns[i], y: columns[j], mx: means[i], my: means[j], vx: variances[i], vy: variances[j],
                                          stage1: (UnsafePointer(z + start[i] * n), UnsafePointer(z + varianceSlot[i] * n),
                                                  UnsafePointer(z + start[j] * n), UnsafePointer(z + varianceSlot[j] * n)),
                                          n: n, column: column)
              } else {
                let (x, y) = numeric[i] ? (i, j) : (j, i)
                let fit = PolyserialPair.estimateWithInfluence(x: columns[x], codes: items[y]!.codes, thresholds: thresholds[y],
                                                                    mean: means[x], sd: variances[x].squareRoot(), order: orders[x],
                                                                    scores: column)
                r = fit.pair.rho
                estimate.atBound = fit.pair.atBound
                Self.polyserialInfluence(fit, stage1: (UnsafePointer(z + start[x] * n), UnsafePointer(z + varianceSlot[x] * n), UnsafePointer(z + start[y] * n)),
                                         variance: variances[x], n: n, column: column)
              }
              estimate.rho = r
              shared.estimates[q] = estimate
            }
          }
        }
      }
    }
    var rho = [[Double]](repeating: [Double](repeating: 1, count: p), count: p)
    // Sparse or bounded pairs as PolychoricMatrix lists them (item pairs by
    // the later item, then the earlier), then polyserial pairs at the bound.
    var sparse: [PolychoricMatrix.SparsePair] = []
    for q in pairs.indices.sorted(by: { pairs[$0] < pairs[$1] }) {
      let (i, j) = pairs[q], e = estimates[q]
      rho[i][j] = e.rho; rho[j][i] = e.rho
      if let pair = e.polychoric, let s = try PolychoricMatrix.SparsePair.check(pair, names[i], names[j], source: source) { sparse.append(s) }
    }
    for (q, (i, j)) in pairs.enumerated() where numeric[i] != numeric[j] && estimates[q].atBound {
      sparse.append(.init(first: names[i], second: names[j], emptyCells: 0, zeroAdded: false, atBound: true))
    }
    // The mean slots carry −μ.
    z.withUnsafeMutableBufferPointer { z in
      for v in 0..<p where numeric[v] { for t in 0..<n { z[start[v] * n + t].negate() } }
    }

    gram = InfluenceGram(z: z, cases: n, dimension: dim)
    self.names = names; self.numeric = numeric; self.means = means; self.variances = variances
    self.levels = levels; self.thresholds = thresholds; correlation = rho; self.n = n; sparsePairs = sparse
  }

  /// The Pearson correlation of two continuous variables and its influence
  /// column, in the covariance metric (the delta rule of the header).
  /// `stage1`: the columns of x's mean and variance, then y's.
  static func pearsonInfluence(x: [Double], y: [Double], mx: Double, my: Double, vx: Double, vy: Double,
                               stage1: (UnsafePointer<Double>, UnsafePointer<Double>, UnsafePointer<Double>, UnsafePointer<Double>),
                               n: Int, column: UnsafeMutablePointer<Double>) -> Double {
    let sx = vx.squareRoot(), sy = vy.squareRoot()
    return x.withUnsafeBufferPointer { x in
      y.withUnsafeBufferPointer { y in
        var sxy = 0.0
        for t in 0..<n { sxy += (x[t] - mx) * (y[t] - my) }
        let rho = sxy / Double(n) / (sx * sy)
        let r = 1 - rho * rho
        var a21 = (0.0, 0.0, 0.0, 0.0), a22 = 0.0
        // The scores go to the column first; the stage-1 shift follows once A₂₁ and A₂₂ are summed.
        for t in 0..<n {
          let e1 = x[t] - mx, e2 = y[t] - my
          let q = e1 * e1 / vx - 2 * rho * e1 * e2 / (sx * sy) + e2 * e2 / vy
          let s = rho / r + e1 * e2 / (sx * sy * r) - q * rho / (r * r)
          column[t] = s
          a22 += s * s
          a21.0 += s * (e1 / vx - rho * e2 / (sx * sy)) / r
          a21.1 += s * (-0.5 / vx + (e1 * e1 / (vx * vx) - rho * e1 * e2 / (vx * sx * sy)) / (2 * r))
          a21.2 += s * (e2 / vy - rho * e1 / (sx * sy)) / r
          a21.3 += s * (-0.5 / vy + (e2 * e2 / (vy * vy) - rho * e1 * e2 / (vy * sx * sy)) / (2 * r))
        }
        let (mean1, var1, mean2, var2) = stage1
        let scale = sx * sy / a22, cx = rho * sy / (2 * sx), cy = rho * sx / (2 * sy)
        for t in 0..<n {
          let shift = a21.0 * mean1[t] + a21.1 * var1[t] + a21.2 * mean2[t] + a21.3 * var2[t]
          column[t] = scale * (column[t] - shift) + cx * var1[t] + cy * var2[t]
        }
        return rho
      }
    }
  }

  /// The influence column of a polyserial correlation (x continuous with
  /// variance `variance`, the item's thresholds' columns from `stage1.2` on)
  /// from the case scores already in the column, in the covariance metric
  /// (the item's scale is 1: cov = ρσ_x).
  static func polyserialInfluence(_ e: PolyserialPair.Influence, stage1: (UnsafePointer<Double>, UnsafePointer<Double>, UnsafePointer<Double>),
                                  variance: Double, n: Int, column: UnsafeMutablePointer<Double>) {
    let k = e.thresholds.count, (meanColumn, varianceColumn, tau) = stage1
    let sx = variance.squareRoot(), scale = sx / e.outer, cx = e.pair.rho / (2 * sx)
    e.thresholds.withUnsafeBufferPointer { a in
      for t in 0..<n {
        var shift = e.mean * meanColumn[t] + e.variance * varianceColumn[t]
        for c in 0..<k { shift += a[c] * tau[c * n + t] }
        column[t] = scale * (column[t] - shift) + cx * varianceColumn[t]
      }
    }
  }
}

/// The next pair for a stage-2 worker to take.
private final class PairCounter: Sendable {
  let value = Atomic<Int>(0)
}

/// The influence matrix and the per-pair estimates, shared by the stage-2
/// workers; each writes only its own pairs' columns and slots.
private struct SharedColumns: @unchecked Sendable {
  let z: UnsafeMutablePointer<Double>
  let estimates: UnsafeMutablePointer<PairEstimate>
}

/// One pair's correlation; for two items their polychoric fit (the sparse-pair
/// report reads it), for a polyserial pair whether ρ is at the bound.
private struct PairEstimate {
  var rho: Double
  var polychoric: PolychoricPair? = nil
  var atBound = false
}
