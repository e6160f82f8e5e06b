import LinearAlgebra

// Modification indices: the score (Lagrange multiplier) test of freeing one
// fixed parameter (Sörbom 1989; lavaan's modindices with expected information).
// With M the expected Hessian of F (Inference/Information), g_c = ∂F/∂θ_c the
// gradient of a fixed candidate at the estimates, and
//   m_c = M_cc − M_c,free M_free⁻¹ M_free,c,
//   MI  = N · g_c² / (2 m_c)     (χ² with 1 df),
//   EPC = −g_c / m_c             (the expected change: one Newton step),
// and sepc.all the EPC standardised as the parameter would be (Inference/
// Estimates: a covariance over the two residual standard deviations).
// Candidates (ML): cross-loadings of every factor on every indicator it does
// not load, residual covariances among observed variables, and covariances
// and regressions among latent variables that the model leaves out — the
// candidates researchers act on; lavaan also lists regressions that reverse
// existing paths, which a score test on the same model cannot tell apart.

public enum ModificationIndices {
  public static func compute(_ f: FittedModel, _ inf: Inference) throws -> [ModificationIndex] {
    guard f.options.estimator == .ml else { return [] }
    let ws = f.workspace
    let layout = f.layout
    let rows = f.table.rows
    let latent = f.table.roles.latent
    let xSet = Set(f.table.roles.observedX)
    let observed = layout.observed.filter { !xSet.contains($0) && layout.dummy[$0] == nil }
    let etaIndex = Dictionary(uniqueKeysWithValues: layout.eta.enumerated().map { ($1, $0) })
    let ovIndex = Dictionary(uniqueKeysWithValues: layout.observed.enumerated().map { ($1, $0) })
    func present(_ l: String, _ op: String, _ r: String) -> Bool {
      rows.contains { $0.op == op && (($0.lhs == l && $0.rhs == r) || (op == "~~" && $0.lhs == r && $0.rhs == l)) }
    }
    var candidates: [(lhs: String, op: String, rhs: String, entry: MatrixEntry)] = []
    for lv in latent {
      for y in observed where !present(lv, "=~", y) {
        candidates.append((lv, "=~", y, MatrixEntry(matrix: .lambda, row: ovIndex[y]!, column: etaIndex[lv]!, tableRow: -1)))
      }
    }
    for (a, ya) in observed.enumerated() {
      for yb in observed[(a + 1)...] where !present(ya, "~~", yb) {
        let i = ovIndex[ya]!, j = ovIndex[yb]!
        candidates.append((ya, "~~", yb, MatrixEntry(matrix: .theta, row: max(i, j), column: min(i, j), tableRow: -1)))
      }
    }
    for (a, la) in latent.enumerated() {
      for lb in latent[(a + 1)...] where !present(la, "~~", lb) && !present(la, "~", lb) && !present(lb, "~", la) {
        let i = etaIndex[la]!, j = etaIndex[lb]!
        candidates.append((la, "~~", lb, MatrixEntry(matrix: .psi, row: max(i, j), column: min(i, j), tableRow: -1)))
      }
    }
    guard !candidates.isEmpty else { return [] }

    let q = f.q
    let free = layout.freeEntries
    let entries = free.map(\.entry) + candidates.map(\.entry)
    let parameterOf = free.map(\.parameter) + candidates.indices.map { q + $0 }
    let sigmaInverse = try Cholesky(ws.sigma).inverse
    let m = Information.matrix(ws, weight: sigmaInverse, entries: entries, parameterOf: parameterOf, count: q + candidates.count)
    // G = Σ⁻¹(Σ − S)Σ⁻¹ and g_c = tr(G Σ_c) = 2 x_cᵀ G y_c.
    let s = f.sampleCovariance
    let g = sigmaInverse - sigmaInverse * s * sigmaInverse
    let (x, y) = Information.tangents(ws, candidates.map(\.entry))
    let gy = g * y
    var mff = Matrix(rows: q, columns: q)
    for i in 0..<q { for j in 0..<q { mff[i, j] = m[i, j] } }
    let mffInv = try Cholesky(mff).inverse
    let n = Double(f.n)

    // Current estimates of the (residual) variances, for the standardisation.
    var variance: [String: Double] = [:]
    for (k, r) in rows.enumerated() where r.isVariance { variance[r.lhs] = abs(inf.estimates[k].est) }
    let phi = ws.phi
    func sd(_ v: String) -> Double {
      if let i = etaIndex[v], latent.contains(v) { return phi[i, i].squareRoot() }
      if let i = ovIndex[v] { return ws.sigma[i, i].squareRoot() }
      return 1
    }

    var out: [ModificationIndex] = []
    for (c, cand) in candidates.enumerated() {
      let k = q + c
      var gc = 0.0
      for i in 0..<f.p { gc += 2 * x[i, c] * gy[i, c] }
      var mc = m[k, k]
      for i in 0..<q { for j in 0..<q { mc -= m[k, i] * mffInv[i, j] * m[j, k] } }
      guard mc > 1e-10 else { continue }
      let mi = n * gc * gc / (2 * mc)
      let epc = -gc / mc
      let sepc: Double
      switch cand.op {
      case "=~": sepc = epc * sd(cand.lhs) / sd(cand.rhs)
      default: sepc = epc / ((variance[cand.lhs] ?? 1) * (variance[cand.rhs] ?? 1)).squareRoot()
      }
      out.append(ModificationIndex(lhs: cand.lhs, op: cand.op, rhs: cand.rhs, group: 1, mi: mi, epc: epc, sepcAll: sepc))
    }
    return out.sorted { $0.mi > $1.mi }
  }
}
