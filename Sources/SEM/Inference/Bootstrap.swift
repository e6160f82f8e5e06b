import Distributions
import Foundation
import Synchronization
import LinearAlgebra

// Nonparametric bootstrap of an SEM fit, as lavaan's se = "bootstrap"
// (Efron & Tibshirani 1993; lavaan's lav_bootstrap_internal):
//   B replicates, each N cases drawn with replacement from the N complete cases,
//   refitted from the full-sample estimates; a replicate that fails or does
//   not converge is dropped and counted (lavaan drops them too).
//   se = sd of the replicate estimates with divisor B (lavaan's
//   lav_model_nvcov_bootstrap: cov(COEF)·(B − 1)/B); z = est/se.
// Intervals, as lavaan's parameterEstimates(boot.ci.type = …):
//   perc        the α/2 and 1 − α/2 quantiles by norm.inter (boot package):
//               with r = (B + 1)·α and k = ⌊r⌋, interpolate between order
//               statistics t(k) and t(k+1) on the normal quantile scale,
//               t(k) + [Φ⁻¹(α) − Φ⁻¹(k/(B+1))]/[Φ⁻¹((k+1)/(B+1)) − Φ⁻¹(k/(B+1))]·(t(k+1) − t(k));
//   bca.simple  the same at the bias-corrected levels Φ(2w + z_α), w = Φ⁻¹(#{t < t̂}/B)
//               (bias correction without acceleration, a = 0).
// Defined parameters (:=) are evaluated in every replicate, so indirect
// effects get percentile and bias-corrected intervals.
// Reproducibility: replicate b draws from SplitMix64(seed).split(stream: b),
// so the result is the same for any number of threads.
// The Bollen–Stine test of χ² is in BollenStine.swift.

public struct BootstrapOptions: Sendable {
  public var replicates = 1000
  public var seed: UInt64 = 1
  /// Worker threads; nil: all cores.
  public var threads: Int?
  public var level = 0.95
  /// Also the Bollen–Stine bootstrap p value of χ² (a second run of as many
  /// replicates, on the transformed data).
  public var bollenStine = false
  public init(replicates: Int = 1000, seed: UInt64 = 1, threads: Int? = nil, level: Double = 0.95, bollenStine: Bool = false) {
    self.replicates = replicates
    self.seed = seed
    self.threads = threads
    self.level = level
    self.bollenStine = bollenStine
  }
}

public struct BootstrapEstimate: Sendable, Codable, Equatable {
  public var lhs: String
  public var op: Operator
  public var rhs: String
  public var label: String
  /// lavaan's free index (0 for a defined parameter).
  public var free: Int
  public var est: Double
  public var se: Double
  public var z: Double?
  public var pvalue: Double?
  public var percLower: Double
  public var percUpper: Double
  public var bcaLower: Double
  public var bcaUpper: Double

  enum CodingKeys: String, CodingKey {
    case lhs, op, rhs, label, free, est, se, z, pvalue
    case percLower = "ci.lower.perc", percUpper = "ci.upper.perc"
    case bcaLower = "ci.lower.bca.simple", bcaUpper = "ci.upper.bca.simple"
  }
}

public struct BootstrapResult: Sendable, Codable {
  public var requested: Int
  public var completed: Int
  public var failed: Int
  public var seed: UInt64
  public var level: Double
  public var estimates: [BootstrapEstimate]
  /// B × (free parameters + defined parameters), for further use (row-major).
  public var draws: [[Double]] = []
  /// With `BootstrapOptions.bollenStine`.
  public var bollenStine: BollenStineResult?

  enum CodingKeys: String, CodingKey {
    case requested, completed, failed, seed, level, estimates
    case bollenStine = "bollen.stine"
  }
}

public enum Bootstrap {
  /// `data`: the complete cases of the fit's observed variables, one array per
  /// variable in `f.moments.names` order. `progress` is called with the number
  /// of replicates done (from worker threads).
  public static func run(_ f: FittedModel, data: [[Double]], options: BootstrapOptions,
                         progress: (@Sendable (Int) -> Void)? = nil) throws -> BootstrapResult {
    precondition(data.first?.count == f.n, "bootstrap data must be the fit's \(f.n) complete cases")
    let rows = f.table.rows
    let definedRows = rows.indices.filter { rows[$0].op == .defined }
    let fitOptions = replicateOptions(f)
    let layouts = f.groups.map(\.layout)
    let names = f.moments.names
    let generator = SplitMix64(seed: options.seed)
    let (slots, failedRuns): ([[Double]?], Int)
    if let ordinal = f.ordinal {
      // Ordered variables (lavaan's se = "bootstrap" with ordered =): each
      // resample's thresholds, polychorics and Γ, then the refit; a resample
      // that misses a category cannot be fitted with the model's thresholds.
      (slots, failedRuns) = resampleRows(data, replicates: options.replicates, generator: generator, threads: options.threads,
                                         progress: progress) { x in
        let n = x.rows
        let columns = (0..<x.columns).map { j in Array(x.elements[(j * n)..<((j + 1) * n)]) }
        guard let o = try? OrdinalSample(names: names, cases: columns, numeric: ordinal.numeric, source: nil), o.levels == ordinal.levels else { return nil }
        var g = GroupData(moments: SampleMoments(names: names, covariance: o.covariance, means: o.means, n: o.n))
        g.ordinal = o
        guard let fit = try? SEM.fit(SEMModel(table: f.table, groups: [g], options: fitOptions, layouts: layouts)), fit.optimization.converged else { return nil }
        return try? Bootstrap.values(fit, definedRows: definedRows)
      }
    } else {
      (slots, failedRuns) = resample(data, names: names, replicates: options.replicates,
                                     generator: generator, threads: options.threads, progress: progress) { moments in
        guard let fit = try? SEM.fit(SEMModel(table: f.table, moments: moments, options: fitOptions, layouts: layouts)), fit.optimization.converged else { return nil }
        return try? Bootstrap.values(fit, definedRows: definedRows)
      }
    }
    let draws = slots.compactMap { $0 }
    let completed = draws.count
    let failed = options.replicates - completed
    try checkEnough(completed: completed, failedRuns: failedRuns, of: options.replicates, what: "bootstrap")
    let full = try values(f, definedRows: definedRows)
    let alpha = [(1 - options.level) / 2, (1 + options.level) / 2]
    let zAlpha = alpha.map { Normal.quantile($0) }
    var out: [BootstrapEstimate] = []
    let freeRows = rows.indices.filter { rows[$0].free > 0 }
    var seenFree = Set<Int>()
    var columns: [(row: Int, column: Int)] = []
    for k in freeRows where seenFree.insert(rows[k].free).inserted { columns.append((k, rows[k].free - 1)) }
    for (i, k) in definedRows.enumerated() { columns.append((k, f.q + i)) }
    for (k, c) in columns {
      let t = draws.map { $0[c] }.filter(\.isFinite)
      let t0 = full[c]
      let mean = t.reduce(0, +) / Double(t.count)
      var se = (t.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(t.count)).squareRoot()
      // lavaan with ordered variables (DWLS): the free parameters' covariance
      // over N − 1 instead of N, the defined ones' SD with divisor B − 1.
      if f.ordinal != nil {
        se *= rows[k].op == .defined ? (Double(t.count) / Double(t.count - 1)).squareRoot() : (Double(f.n) / Double(f.n - 1)).squareRoot()
      }
      let perc = normInter(t, alpha)
      let w = Normal.quantile(Double(t.filter { $0 < t0 }.count) / Double(t.count))
      let bca = normInter(t, zAlpha.map { Normal.cdf(w + (w + $0)) })
      let z: Double? = se > 0 ? t0 / se : nil
      out.append(BootstrapEstimate(
        lhs: rows[k].lhs, op: rows[k].op, rhs: rows[k].rhs, label: rows[k].label, free: rows[k].free, est: t0, se: se,
        z: z, pvalue: z.map { Normal.twoSidedP($0) },
        percLower: perc[0], percUpper: perc[1], bcaLower: bca[0], bcaUpper: bca[1]))
    }
    var result = BootstrapResult(requested: options.replicates, completed: completed, failed: failed, seed: options.seed,
                                 level: options.level, estimates: out, draws: draws)
    if options.bollenStine {
      // Its own streams, so asking for it leaves the ordinary replicates as they were.
      let after = progress.map { p in { @Sendable (done: Int) in p(options.replicates + done) } }
      result.bollenStine = try BollenStine.run(f, data: data, replicates: options.replicates,
                                               generator: SplitMix64(seed: options.seed).split(stream: .max),
                                               threads: options.threads, progress: after)
    }
    return result
  }

  /// Options for refitting a replicate: started from the full-sample
  /// estimates, and converged to far below the Monte-Carlo error (~1e-2
  /// relative), not to the 1e-10 gradient of a reported fit.
  static func replicateOptions(_ f: FittedModel) -> SEMOptions {
    var o = f.options
    o.start = f.theta
    o.replicate = true
    o.optimizer.gradientTolerance = 1e-8
    return o
  }

  /// Resamples the rows of `data` (one array per variable, N cases) with
  /// replacement, `replicates` times over `threads` workers, and hands each
  /// resample's moments (divisor N) to `work`; nil from `work` is a failed
  /// replicate. Replicate b draws from `generator.split(stream: b)`, so the
  /// slots do not depend on the thread count. Once more than half have
  /// failed the run is lost and the workers stop (unrun slots stay nil);
  /// the second value counts the failures among the replicates run.
  static func resample(_ data: [[Double]], names: [String], replicates: Int, generator: SplitMix64, threads: Int?,
                       progress: (@Sendable (Int) -> Void)?,
                       work: @escaping @Sendable (SampleMoments) -> [Double]?) -> (slots: [[Double]?], failed: Int) {
    let n = data.first?.count ?? 0
    let p = data.count
    return resampleRows(data, replicates: replicates, generator: generator, threads: threads, progress: progress) { x in
      // Centred, then S = XᵀX/N by dsyrk.
      var mean = [Double](repeating: 0, count: p)
      x.elements.withUnsafeMutableBufferPointer { px in
        for j in 0..<p {
          var m = 0.0
          for i in 0..<n { m += px[j * n + i] }
          m /= Double(n)
          mean[j] = m
          for i in 0..<n { px[j * n + i] -= m }
        }
      }
      var cov = Matrix(rows: p, columns: p)
      Matrix.gram(x, into: &cov, alpha: 1 / Double(n))
      return work(SampleMoments(names: names, covariance: cov, means: mean, n: n))
    }
  }

  /// The resampling itself: each replicate's rows as an N × p matrix (the
  /// worker's scratch, column-major, `work` may change it).
  static func resampleRows(_ data: [[Double]], replicates: Int, generator: SplitMix64, threads: Int?,
                           progress: (@Sendable (Int) -> Void)?,
                           work: @escaping @Sendable (inout Matrix) -> [Double]?) -> (slots: [[Double]?], failed: Int) {
    let n = data.first?.count ?? 0
    let p = data.count
    struct State {
      var slots: [[Double]?]
      var done = 0
      var failed = 0
    }
    final class Store: Sendable {
      let state: Mutex<State>
      /// The next replicate to run: each worker takes the next one when it is
      /// done, so a core that is slowed (shared with another process) runs fewer
      /// replicates instead of holding up the run with a fixed share. Each
      /// replicate's draws come from its own stream, so results do not depend
      /// on which worker ran it.
      let next = Atomic<Int>(0)
      init(_ b: Int) { state = Mutex(State(slots: Array(repeating: nil, count: b))) }
    }
    let store = Store(replicates)
    let workers = max(1, min(threads ?? ProcessInfo.processInfo.activeProcessorCount, replicates))
    // Row-major copy of the data for cache-friendly resampling.
    var flat = [Double](repeating: 0, count: n * p)
    for j in 0..<p { for i in 0..<n { flat[i * p + j] = data[j][i] } }
    let source = flat
    // Small matrices by loops that take no lock (LinearAlgebra's SmallKernels.swift).
    ParallelWork.perform(iterations: workers) { _ in
      var x = Matrix(rows: n, columns: p)
      while true {
        let b = store.next.wrappingAdd(1, ordering: .relaxed).oldValue
        if b >= replicates || store.state.withLock({ $0.failed * 2 > replicates }) { break }
        var g = generator.split(stream: UInt64(b))
        x.elements.withUnsafeMutableBufferPointer { px in
          source.withUnsafeBufferPointer { ps in
            for i in 0..<n {
              let r = Int(g.next() % UInt64(n))
              for j in 0..<p { px[j * n + i] = ps[r * p + j] }
            }
          }
        }
        let result = work(&x)
        let done = store.state.withLock { state in
          state.slots[b] = result
          state.done += 1
          if result == nil { state.failed += 1 }
          return state.done
        }
        progress?(done)
      }
    }
    return store.state.withLock { ($0.slots, $0.failed) }
  }

  /// A run where more than half of the replicates failed says nothing: it is
  /// reported as a failure (exit status 1), not summarised.
  static func checkEnough(completed: Int, failedRuns: Int, of replicates: Int, what: String) throws {
    guard completed >= 2, failedRuns * 2 <= replicates else {
      throw SEMFailure(kind: .notConverged,
        message: "the \(what) failed: \(failedRuns) replicates (of \(replicates) asked for) could not be fitted or did not converge, more than half of those run; the model is unstable in resamples of these data")
    }
  }

  /// θ followed by the defined parameters, in table order.
  static func values(_ f: FittedModel, definedRows: [Int]) throws -> [Double] {
    let rows = f.table.rows
    var labelValue = Inference.labelValues(rows, Inference.values(f))
    var out = f.theta
    for k in definedRows {
      guard let e = rows[k].expression else { out.append(.nan); continue }
      let value = try e.evaluate { labelValue[$0] }
      labelValue[rows[k].lhs] = value
      out.append(value)
    }
    return out
  }

  /// The boot package's norm.inter: quantiles of `t` at levels `alpha`,
  /// interpolated on the normal scale between order statistics.
  static func normInter(_ t0: [Double], _ alpha: [Double]) -> [Double] {
    let t = t0.sorted()
    let r = Double(t.count)
    return alpha.map { a in
      let rk = (r + 1) * a
      let k = Int(rk.rounded(.towardZero))
      if k <= 0 { return t[0] }
      if k >= t.count { return t[t.count - 1] }
      if Double(k) == rk { return t[k - 1] }
      let z1 = Normal.quantile(a), z2 = Normal.quantile(Double(k) / (r + 1)), z3 = Normal.quantile(Double(k + 1) / (r + 1))
      return t[k - 1] + (z1 - z2) / (z3 - z2) * (t[k] - t[k - 1])
    }
  }
}
