import LinearAlgebra

// Missing-data patterns for full-information ML (lavaan's missing = "ml").
// Cases with the same set of observed variables form a pattern k with n_k
// cases, mean ȳ_k and covariance S_k (divisor n_k); the normal log-likelihood
// of all cases is then a sum over patterns (Arbuckle 1996):
//   log L = −½ Σ_k n_k [p_k log 2π + log|Σ_k| + tr(Σ_k⁻¹S_k) + d_kᵀΣ_k⁻¹d_k],
// with Σ_k, μ_k the rows and columns of the observed variables and d_k = ȳ_k − μ_k.
// The discrepancy over the patterns is Estimators/FIML.swift's.
// The unrestricted (H1) model's μ and Σ are found by EM (Dempster, Laird &
// Rubin 1977; Little & Rubin 2002, §11.2): the E step needs only each
// pattern's moments, because E[x_m | x_o] = μ_m + B(x_o − μ_o) with
// B = Σ_mo Σ_oo⁻¹ is linear in x_o, and Cov[x_m | x_o] = Σ_mm − BΣ_om.

struct MissingPatterns: Sendable {
  struct Pattern: Sendable {
    /// Indices of the observed variables.
    var observed: [Int]
    var n: Int
    var mean: [Double]
    /// Covariance, divisor n.
    var covariance: Matrix
  }
  let patterns: [Pattern]
  let p: Int
  /// Cases with at least one observed variable.
  let n: Int
  /// Cases dropped because every variable was missing.
  let empty: Int
  /// Σ_k n_k p_k log 2π.
  let constant: Double

  /// Complete data as one pattern: n cases with these means and covariance (divisor n).
  init(completeMean mean: [Double], covariance: Matrix, n: Int) {
    p = mean.count
    patterns = [Pattern(observed: Array(0..<p), n: n, mean: mean, covariance: covariance)]
    self.n = n
    empty = 0
    constant = Double(n * p) * _log(2 * Double.pi)
  }

  /// Rows of `data` hold the variables in order; NaN is missing.
  init(data: [[Double]], p: Int) {
    var groups: [[Bool]: [Int]] = [:]
    var order: [[Bool]] = []
    var empty = 0
    for (r, row) in data.enumerated() {
      let key = row.map { !$0.isNaN }
      if !key.contains(true) { empty += 1; continue }
      if groups[key] == nil { order.append(key) }
      groups[key, default: []].append(r)
    }
    var patterns: [Pattern] = []
    for key in order {
      let obs = key.indices.filter { key[$0] }
      let rows = groups[key]!
      let k = obs.count
      var mean = [Double](repeating: 0, count: k)
      for r in rows { for (a, i) in obs.enumerated() { mean[a] += data[r][i] } }
      for a in 0..<k { mean[a] /= Double(rows.count) }
      var c = Matrix(rows: k, columns: k)
      for r in rows {
        for (b, j) in obs.enumerated() {
          let dj = data[r][j] - mean[b]
          for (a, i) in obs.enumerated() { c[a, b] += (data[r][i] - mean[a]) * dj }
        }
      }
      patterns.append(Pattern(observed: obs, n: rows.count, mean: mean, covariance: (1 / Double(rows.count)) * c))
    }
    self.patterns = patterns
    self.p = p
    self.empty = empty
    n = patterns.reduce(0) { $0 + $1.n }
    constant = patterns.reduce(0.0) { $0 + Double($1.n * $1.observed.count) } * _log(2 * Double.pi)
  }

  /// The independence model's FIML estimates: each variable's ML mean and
  /// variance over the cases that observe it (and how many those are).
  func independenceMoments() -> (n: [Double], mean: [Double], variance: [Double]) {
    var n = [Double](repeating: 0, count: p), s1 = n, s2 = n
    for pat in patterns {
      for (a, i) in pat.observed.enumerated() {
        let k = Double(pat.n)
        n[i] += k
        s1[i] += k * pat.mean[a]
        s2[i] += k * (pat.covariance[a, a] + pat.mean[a] * pat.mean[a])
      }
    }
    let mean = (0..<p).map { s1[$0] / n[$0] }
    return (n, mean, (0..<p).map { s2[$0] / n[$0] - mean[$0] * mean[$0] })
  }

  /// Available-case moments, lavaan's "sample statistics" under FIML (used by
  /// its GFI): each variable's mean over the cases that observe it (R's
  /// colMeans(na.rm = TRUE)) and the pairwise-complete covariances (R's
  /// cov(use = "pairwise"), divisor n_ij − 1) rescaled by (N − 1)/N.
  func availableCaseMoments() -> (mean: [Double], covariance: Matrix) {
    let mean = independenceMoments().mean
    var n = Matrix(rows: p, columns: p), si = n, sj = n, sij = n
    for pat in patterns {
      let k = Double(pat.n)
      for (a, i) in pat.observed.enumerated() {
        for (b, j) in pat.observed.enumerated() {
          n[i, j] += k
          si[i, j] += k * pat.mean[a]
          sj[i, j] += k * pat.mean[b]
          sij[i, j] += k * (pat.covariance[a, b] + pat.mean[a] * pat.mean[b])
        }
      }
    }
    var c = Matrix(rows: p, columns: p)
    let rescale = Double(self.n - 1) / Double(self.n)
    for i in 0..<p {
      for j in 0..<p where n[i, j] > 1 {
        c[i, j] = rescale * (sij[i, j] - si[i, j] * sj[i, j] / n[i, j]) / (n[i, j] - 1)
      }
    }
    return (mean, c)
  }

  /// Per pattern, (Σ_oo)⁻¹ padded with zeros to p × p and the pattern's share
  /// n_k/N: the pieces of the expected information under FIML (lavaan's
  /// lav_mvnorm_missing_information_expected). nil where a Σ_oo is not PD.
  func paddedInverses(sigma: Matrix) -> [(inverse: Matrix, share: Double)]? {
    var out: [(Matrix, Double)] = []
    for k in patterns {
      let o = k.observed
      var sub = Matrix(rows: o.count, columns: o.count)
      for (a, i) in o.enumerated() { for (b, j) in o.enumerated() { sub[a, b] = sigma[i, j] } }
      guard let inv = try? Cholesky(sub).inverse else { return nil }
      var padded = Matrix(rows: p, columns: p)
      for (a, i) in o.enumerated() { for (b, j) in o.enumerated() { padded[i, j] = inv[a, b] } }
      out.append((padded, Double(k.n) / Double(n)))
    }
    return out
  }

  /// How many cases observe each variable.
  func observedCount() -> [Int] {
    var c = [Int](repeating: 0, count: p)
    for pat in patterns { for i in pat.observed { c[i] += pat.n } }
    return c
  }

  /// The unrestricted μ and Σ by EM, from the observed means and variances.
  func saturated(tolerance: Double = 1e-13, maxIterations: Int = 10_000) -> (mean: [Double], covariance: Matrix, iterations: Int) {
    var mu = [Double](repeating: 0, count: p)
    var sigma = Matrix(rows: p, columns: p)
    var count = [Double](repeating: 0, count: p)
    for pat in patterns {
      for (a, i) in pat.observed.enumerated() {
        mu[i] += Double(pat.n) * pat.mean[a]
        count[i] += Double(pat.n)
      }
    }
    for i in 0..<p { mu[i] /= count[i] }
    for pat in patterns {
      for (a, i) in pat.observed.enumerated() {
        let d = pat.mean[a] - mu[i]
        sigma[i, i] += Double(pat.n) * (pat.covariance[a, a] + d * d)
      }
    }
    for i in 0..<p { sigma[i, i] /= count[i] }
    let nTotal = Double(n)
    var iterations = 0
    while iterations < maxIterations {
      iterations += 1
      var t1 = [Double](repeating: 0, count: p)
      var t2 = Matrix(rows: p, columns: p)
      for pat in patterns {
        let o = pat.observed
        let mis = (0..<p).filter { !o.contains($0) }
        let nk = Double(pat.n)
        // x̂ = x for observed, c + B x_o for missing; second moments of x_o: S + ȳȳᵀ.
        var sOO = Matrix(rows: o.count, columns: o.count)
        for (b, j) in o.enumerated() { for (a, i) in o.enumerated() { sOO[a, b] = sigma[i, j] } }
        var bMat = Matrix(rows: mis.count, columns: o.count)
        if !mis.isEmpty, let ch = try? Cholesky(sOO) {
          var sOM = Matrix(rows: o.count, columns: mis.count)
          for (b, j) in mis.enumerated() { for (a, i) in o.enumerated() { sOM[a, b] = sigma[i, j] } }
          bMat = ((try? ch.solve(sOM)) ?? sOM).transposed
        }
        // L (p × o): rows of observed are the identity, of missing B; c̃ = μ_m − Bμ_o on missing rows.
        var l = Matrix(rows: p, columns: o.count)
        var c = [Double](repeating: 0, count: p)
        for (a, i) in o.enumerated() { l[i, a] = 1 }
        for (r, i) in mis.enumerated() {
          var v = mu[i]
          for (a, j) in o.enumerated() { l[i, a] = bMat[r, a]; v -= bMat[r, a] * mu[j] }
          c[i] = v
        }
        var m2 = Matrix(rows: o.count, columns: o.count)
        for b in 0..<o.count { for a in 0..<o.count { m2[a, b] = nk * (pat.covariance[a, b] + pat.mean[a] * pat.mean[b]) } }
        let ly = (0..<p).map { i in (0..<o.count).reduce(0.0) { $0 + l[i, $1] * pat.mean[$1] } }
        for i in 0..<p { t1[i] += nk * (ly[i] + c[i]) }
        let lml = l * m2 * l.transposed
        for j in 0..<p {
          for i in 0..<p { t2[i, j] += lml[i, j] + nk * (ly[i] * c[j] + c[i] * ly[j] + c[i] * c[j]) }
        }
        // Conditional covariance of the missing part: Σ_mm − BΣ_om.
        for j in mis {
          for (r, i) in mis.enumerated() {
            var v = sigma[i, j]
            for (a, oi) in o.enumerated() { v -= bMat[r, a] * sigma[oi, j] }
            t2[i, j] += nk * v
          }
        }
      }
      var change = 0.0
      var newMu = mu
      for i in 0..<p { newMu[i] = t1[i] / nTotal; change = max(change, abs(newMu[i] - mu[i])) }
      var newSigma = sigma
      for j in 0..<p {
        for i in 0..<p {
          newSigma[i, j] = t2[i, j] / nTotal - newMu[i] * newMu[j]
          change = max(change, abs(newSigma[i, j] - sigma[i, j]) / max(1, abs(sigma[i, j])))
        }
      }
      mu = newMu
      sigma = newSigma
      if change < tolerance { break }
    }
    return (mu, sigma, iterations)
  }
}
