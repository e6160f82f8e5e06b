import LinearAlgebra

// Modification indices: the score (Lagrange multiplier) test of freeing one
// fixed parameter (Sörbom 1989; lavaan 0.6's lav_modindices). The model is
// extended by every candidate as a free parameter held at 0; at (θ̂, 0), with
// I the expected information per case of the extended model (as lavaan's
// modindices: under FIML over the missing-data patterns) and s_c = −½∂F/∂θ_c
// the score per case of a candidate,
//   I_c = I_cc − I_c,free I_free⁻¹ I_free,c,
//   MI  = N · s_c² / I_c          (χ² with 1 df),
//   EPC = s_c / I_c               (the expected change: one Newton step),
// sepc.lv the EPC with latent variables standardised, sepc.all with latent and
// observed ones (a covariance over the two residual standard deviations), and
// sepc.nox as sepc.all (ClusterStat's candidates never involve fixed.x
// covariates). Several groups: candidates in every group, F = Σ_g (n_g/N)F_g.
// Ordered variables (WLSMV): the information Σ_g (n_g/N)Δ_gᵀW_gΔ_g, the score
// from lavaan's fmin = Σ_g (n_g − 1)/(2N)·F_g, no candidates for the residual
// variances the parameterization sets.
// Candidates (lavaan's for these models): cross-loadings of every factor on
// every indicator it does not load, residual covariances among observed
// variables (not fixed.x covariates), and covariances among latent variables
// that the model leaves out.

public enum ModificationIndices {
  struct Candidate {
    var lhs: String
    var op: Operator
    var rhs: String
    var group: Int
    /// A parameter the model fixes (a marker loading, a variance fixed by the
    /// user): its row, and the value it is held at.
    var fixedRow: Int? = nil
    var value = 0.0
  }

  public static func compute(_ f: FittedModel, _ inf: Inference) throws -> [ModificationIndex] {
    guard f.estimatorType.hasLikelihood || f.ordinal != nil else { return [] }
    let ordered = Set(f.options.ordered)
    let table = f.table
    let latent = table.roles.latent
    let xSet = Set(table.roles.observedX)
    var candidates: [Candidate] = []
    for (g, fit) in f.groups.enumerated() {
      let group = g + 1
      let rows = table.rows.filter { $0.group == group }
      func present(_ l: String, _ op: Operator, _ r: String) -> Bool {
        rows.contains { $0.op == op && (($0.lhs == l && $0.rhs == r) || (op == .covariance && $0.lhs == r && $0.rhs == l)) }
      }
      let observed = fit.layout.observed.filter { !xSet.contains($0) }
      for lv in latent { for y in observed where !present(lv, .measuredBy, y) { candidates.append(Candidate(lhs: lv, op: .measuredBy, rhs: y, group: group)) } }
      for (a, ya) in observed.enumerated() {
        for yb in observed[(a + 1)...] where !present(ya, .covariance, yb) { candidates.append(Candidate(lhs: ya, op: .covariance, rhs: yb, group: group)) }
      }
      for (a, la) in latent.enumerated() {
        for lb in latent[(a + 1)...] where !present(la, .covariance, lb) && !present(la, .regression, lb) && !present(lb, .regression, la) {
          candidates.append(Candidate(lhs: la, op: .covariance, rhs: lb, group: group))
        }
      }
      // The model's own fixed loadings, paths and (co)variances (not fixed.x
      // moments): lavaan tests freeing them too, e.g. a marker loading once
      // equality labels set the scale.
      // (Not the residual variances of ordered variables: the parameterization sets them.)
      for (k, r) in table.rows.enumerated() where r.group == group && r.free == 0 && r.exo == 0 && [.measuredBy, .regression, .covariance].contains(r.op)
        && !(r.isVariance && ordered.contains(r.lhs)) {
        candidates.append(Candidate(lhs: r.lhs, op: r.op, rhs: r.rhs, group: group, fixedRow: k, value: r.ustart ?? 0))
      }
    }
    guard !candidates.isEmpty else { return [] }

    // The extended model: the candidates as free parameters q+1 … q+c at 0.
    let q = f.q
    var extended = table
    for (c, cand) in candidates.enumerated() {
      if let k = cand.fixedRow {
        extended.rows[k].free = q + c + 1
      } else {
        extended.rows.append(ParameterRow(id: extended.rows.count + 1, lhs: cand.lhs, op: cand.op, rhs: cand.rhs, user: 0, group: cand.group,
                                          free: q + c + 1, ustart: 0, exo: 0, label: "", line: 0, expression: nil))
      }
    }
    var layouts: [LISRELLayout] = []
    for (g, fit) in f.groups.enumerated() {
      var layout = try LISRELLayout(table: extended, group: g + 1)
      // fixed.x values (filled from the sample at the fit) carry over by table row.
      var fixedValue: [Int: Double] = [:]
      for (e, v) in fit.layout.fixedEntries where e.tableRow >= 0 { fixedValue[e.tableRow] = v }
      for k in layout.fixedEntries.indices {
        if let v = fixedValue[layout.fixedEntries[k].entry.tableRow] { layout.fixedEntries[k].value = v }
      }
      layouts.append(layout)
    }
    let objective = f.makeObjective(layouts: layouts)
    let theta = f.theta + candidates.map(\.value)
    let total = theta.count
    guard objective.value(theta).isFinite else { return [] }
    // Information per case: half the expected Hessian of F (lavaan's modindices
    // always takes the expected information; under FIML, over the patterns).
    guard let information = objective.expectedInformation() else { return [] }
    // The score: ordered variables' groups enter lavaan's fmin with (n_g − 1)/N.
    let scoreObjective = f.ordinal != nil
      ? f.makeObjective(layouts: layouts, weights: f.groups.map { Double($0.n - 1) / Double(f.n) }) : objective
    guard scoreObjective.value(theta).isFinite else { return [] }
    var gradient = [Double](repeating: 0, count: total)
    scoreObjective.gradient(into: &gradient)
    var iff = Matrix(rows: q, columns: q)
    for i in 0..<q { for j in 0..<q { iff[i, j] = information[i, j] } }
    let iffInv = try Cholesky(iff).inverse
    let n = Double(f.n)

    var out: [ModificationIndex] = []
    for (c, cand) in candidates.enumerated() {
      let k = q + c
      let score = -0.5 * gradient[k]
      var ic = information[k, k]
      for i in 0..<q {
        var t = 0.0
        for j in 0..<q { t += iffInv[i, j] * information[j, k] }
        ic -= information[k, i] * t
      }
      // lavaan's na.remove: a parameter whose freeing leaves it unidentified (a
      // marker loading that alone sets a scale) has no test.
      guard ic > Double.ulpOfOne.squareRoot() else { continue }
      let epc = score / ic
      let (sepcLV, sepcAll) = standardized(epc, cand, f, inf)
      out.append(ModificationIndex(lhs: cand.lhs, op: cand.op, rhs: cand.rhs, group: cand.group, mi: n * score * score / ic, epc: epc,
                                   sepcLV: sepcLV, sepcAll: sepcAll))
    }
    return out.sorted { $0.mi > $1.mi }
  }

  /// The EPC standardised as the parameter would be, with the group's estimates.
  static func standardized(_ epc: Double, _ c: Candidate, _ f: FittedModel, _ inf: Inference) -> (lv: Double, all: Double) {
    let ws = f.groups[c.group - 1].implied
    let layout = ws.layout
    let latent = Set(f.table.roles.latent)
    func sd(_ v: String) -> Double {
      if latent.contains(v), let i = layout.eta.firstIndex(of: v) { return ws.phi[i, i].squareRoot() }
      if let i = layout.observed.firstIndex(of: v) { return ws.sigma[i, i].squareRoot() }
      return 1
    }
    // (Residual) variance estimates of this group.
    var variance: [String: Double] = [:]
    let values = Inference.values(f)
    for (k, r) in f.table.rows.enumerated() where r.isVariance && r.group == c.group { variance[r.lhs] = abs(values[k]) }
    switch c.op {
    case .measuredBy:
      return (epc * sd(c.lhs), epc * sd(c.lhs) / sd(c.rhs))
    default:
      let all = epc / ((variance[c.lhs] ?? 1) * (variance[c.rhs] ?? 1)).squareRoot()
      return (latent.contains(c.lhs) ? all : epc, all)
    }
  }
}
