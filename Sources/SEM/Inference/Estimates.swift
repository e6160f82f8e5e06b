import Distributions
import LinearAlgebra

// Standard errors, z, p and confidence intervals as lavaan's
// parameterEstimates() gives them (Rosseel 2012, section 6):
//   vcov(θ̂) = (N/2 · M)⁻¹ for ML with expected information, M = E[∂²F/∂θ∂θᵀ]
//   (the log-likelihood is −N/2·F + const, likelihood "normal": N, not N − 1);
//   GLS and ULS: (ΔᵀVΔ)⁻¹/(N − 1) with their weight V, as lavaan 0.6 does;
//   z = est/se, p = 2Φ(−|z|), CI = est ± Φ⁻¹(1 − α/2)·se.
// Defined parameters (:=): value f(θ̂), se by the delta method √(J V Jᵀ), with
// J the exact gradient from dual numbers.
// Standardised solutions (lavaan's lav_standardize_lv / _all): with
// Φ = AΨAᵀ the model-implied covariance of η and Σ̂ of the observed variables,
//   std.lv scales latent variables to unit variance, std.all every variable:
//   f =~ y: λ·sd(f)/sd(y);  y ~ x: β·sd(x)/sd(y);  a ~~ a: v/sd(a)²;
//   a ~~ b: c/√(|vₐ|·|v_b|) with vₐ, v_b the (residual) variance estimates,
// where sd of an observed variable is 1 under std.lv; a defined parameter is
// its expression evaluated at the standardised values.
// R² = 1 − residual variance/model-implied variance, for every variable with a
// residual variance that is not an exogenous covariate.
// With several groups every group is standardised with its own moments.
// Under FIML the information is the observed one (lavaan's default there):
// the Hessian of F by central differences of the analytic gradient
// (four-point Richardson formula, error O(h⁴)), vcov = (N/2·H)⁻¹.

public struct ParameterEstimate: Sendable, Codable, Equatable {
  public var lhs: String
  public var op: Operator
  public var rhs: String
  public var group: Int
  public var label: String
  public var free: Int
  public var est: Double
  public var se: Double
  public var z: Double?
  public var pvalue: Double?
  public var ciLower: Double
  public var ciUpper: Double
  public var stdLV: Double
  public var stdAll: Double

  enum CodingKeys: String, CodingKey {
    case lhs, op, rhs, group, label, free, est, se, z, pvalue
    case ciLower = "ci.lower", ciUpper = "ci.upper", stdLV = "std.lv", stdAll = "std.all"
  }

  /// Fixed parameters have z and pvalue null, as lavaan's NA; the keys stay.
  public func encode(to encoder: Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(lhs, forKey: .lhs)
    try c.encode(op, forKey: .op)
    try c.encode(rhs, forKey: .rhs)
    try c.encode(group, forKey: .group)
    try c.encode(label, forKey: .label)
    try c.encode(free, forKey: .free)
    try c.encode(est, forKey: .est)
    try c.encode(se, forKey: .se)
    if let z { try c.encode(z, forKey: .z) } else { try c.encodeNil(forKey: .z) }
    if let pvalue { try c.encode(pvalue, forKey: .pvalue) } else { try c.encodeNil(forKey: .pvalue) }
    try c.encode(ciLower, forKey: .ciLower)
    try c.encode(ciUpper, forKey: .ciUpper)
    for (v, k) in [(stdLV, CodingKeys.stdLV), (stdAll, .stdAll)] {
      if v.isFinite { try c.encode(v, forKey: k) } else { try c.encodeNil(forKey: k) }
    }
  }
}

public struct Inference: Sendable {
  public let fitted: FittedModel
  /// Covariance matrix of the free parameters.
  public let vcov: Matrix
  public let estimates: [ParameterEstimate]
  public let r2: NamedValues

  public init(_ f: FittedModel) throws {
    fitted = f
    if f.ordinal != nil {
      // Ordered variables: the sandwich of OrdinalStatistics.swift; lavaan's row
      // order within a group (loadings and paths, thresholds, (co)variances,
      // scale factors, intercepts and means). The sandwich's E is the
      // information per case: its inverse is the identification check unless
      // constraints bind.
      let o = OrdinalStatistics(f)
      if f.constraints != nil && !f.activeConstraints.isEmpty {
        _ = try Inference.informationInverse(f)
      } else if !o.identified {
        throw SEMFailure(kind: .notIdentified, message: Inference.identificationMessage(f, o.information))
      }
      vcov = o.vcov
      let rank: (Operator) -> Int = { op in
        switch op {
        case .measuredBy, .regression: 0
        case .threshold: 1
        case .scale: 3
        case .intercept: 4
        default: 2
        }
      }
      let unsorted = try Inference.estimates(f, vcov: vcov)
      // One integer key per row (group, rank, position), compared as integers.
      let n = unsorted.count
      let keys = unsorted.enumerated().map { k, e in ((e.group < 1 ? Int(Int32.max) : e.group) * 8 + rank(e.op)) * n + k }
      estimates = keys.indices.sorted { keys[$0] < keys[$1] }.map { unsorted[$0] }
      r2 = Inference.rSquare(f)
      return
    }
    let infoInverse = try Inference.informationInverse(f)
    vcov = try f.options.robust.map { _ in try Robustness.statistics(f).vcov }
      ?? (1 / f.estimatorType.testN(sampleSize: f.n)) * infoInverse
    estimates = try Inference.estimates(f, vcov: vcov)
    r2 = Inference.rSquare(f)
  }

  /// vcov = (ΔᵀVΔ)⁻¹/N for ML and /(N − 1) for GLS and ULS (lavaan 0.6), with
  /// ΔᵀVΔ = M/2 for V = ½Dᵀ(W⊗W)D, W = Σ̂⁻¹ (ML) or S⁻¹ (GLS); V = I for ULS:
  /// the information's inverse, under binding constraints their projection;
  /// a singular one is a model that is not identified.
  static func informationInverse(_ f: FittedModel) throws -> Matrix {
    let info = try Inference.information(f)
    let inverse = if let constraints = f.constraints, !f.activeConstraints.isEmpty {
      Inference.constrainedInverse(info, jacobian: constraints.evaluate(f.theta, items: f.activeConstraints).jacobian)
    } else {
      Inference.regularInverse(info)
    }
    guard let inverse else { throw SEMFailure(kind: .notIdentified, message: Inference.identificationMessage(f, info)) }
    return inverse
  }

  /// The information matrix per case (N·this/2 for ML): expected, or observed under FIML and MLR.
  static func information(_ f: FittedModel) throws -> Matrix {
    try f.cache.information.get { try _information(f) }
  }

  private static func _information(_ f: FittedModel) throws -> Matrix {
    if f.fiml || f.options.robust == .mlr { return 0.5 * (try Information.observedAnalytic(f)) }
    guard let m = f.expectedInformation() else {
      throw SEMFailure(kind: .notIdentified, message: "the model-implied covariance matrix is not positive definite at the estimates")
    }
    return m
  }

  /// The information's inverse, or nil where it is singular to working
  /// precision: not positive definite, or its scaled form D^−½ I D^−½ (unit
  /// diagonal, so that parameters on different scales do not matter) has a
  /// reciprocal condition number below 1e-12. A model that is not identified
  /// gives about 1e-17 there (a rounding-sized pivot that Cholesky may still
  /// pass, depending on the path to the estimates); identified models give
  /// 1e-3 to 1e-1.
  static func regularInverse(_ info: Matrix) -> Matrix? {
    let q = info.rows
    guard (0..<q).allSatisfy({ info[$0, $0] > 0 }) else { return nil }
    var scaled = info
    let d = (0..<q).map { 1 / info[$0, $0].squareRoot() }
    scaleSymmetric(&scaled, d)
    guard let c = try? Cholesky(scaled) else { return nil }
    // C = D I D, so I⁻¹ = D C⁻¹ D; 1/(‖C‖₁‖C⁻¹‖₁) is the exact reciprocal condition.
    var inv = c.inverse
    guard 1 / (scaled.oneNorm * inv.oneNorm) >= 1e-12 else { return nil }
    scaleSymmetric(&inv, d)
    return inv
  }

  /// A ← D A D for D = diag(d).
  static func scaleSymmetric(_ a: inout Matrix, _ d: [Double]) {
    let q = d.count
    a.elements.withUnsafeMutableBufferPointer { e in
      for j in 0..<q { let dj = d[j]; for i in 0..<q { e[i + j * q] *= d[i] * dj } }
    }
  }

  /// The information's inverse under the binding constraints J (equalities and
  /// active inequalities), lavaan's lav_model_information_augment_invert: the
  /// top-left block of [[I + JᵀJ, Jᵀ], [J, 0]]⁻¹, which is Z(ZᵀIZ)⁻¹Zᵀ for Z a
  /// basis of J's null space (Silvey 1959; the variance of a constrained ML estimate).
  static func constrainedInverse(_ info: Matrix, jacobian j: Matrix) -> Matrix? {
    let q = info.rows, m = j.rows
    var b = Matrix(rows: q + m, columns: q + m)
    let jtj = j.times(j, transposeSelf: true)
    for c in 0..<q { for r in 0..<q { b[r, c] = info[r, c] + jtj[r, c] } }
    for r in 0..<m { for c in 0..<q { b[q + r, c] = j[r, c]; b[c, q + r] = j[r, c] } }
    guard let inv = try? LU(b).inverse else { return nil }
    return inv.submatrix(Array(0..<q))
  }

  static func identificationMessage(_ f: FittedModel, _ m: Matrix) -> String {
    var who = "a parameter"
    if let e = try? SymmetricEigen(m), let v = Optional(e.vectors.column(e.values.count - 1)) {
      let k = v.indices.max { abs(v[$0]) < abs(v[$1]) }!
      if let r = f.table.rows.first(where: { $0.free == k + 1 }) {
        who = "'\(r.lhs) \(r.op) \(r.rhs)'\(r.line > 0 ? " (syntax line \(r.line))" : "")"
      }
    }
    return "the model is not identified: the information matrix is singular, and \(who) is involved; fix a loading or a variance to set the scale, or drop a redundant parameter"
  }

  /// Value of every row at θ: free from θ, fixed from the layout.
  static func values(_ f: FittedModel) -> [Double] {
    var v = f.table.rows.map { $0.ustart ?? 0 }
    for g in f.groups { for (e, value) in g.layout.fixedEntries where e.tableRow >= 0 { v[e.tableRow] = value } }
    for (k, r) in f.table.rows.enumerated() where r.free > 0 { v[k] = f.theta[r.free - 1] }
    // Theta parameterization: the scale factors are σ̂ᵢᵢ^(−½), not parameters.
    if f.ordinal != nil && f.options.parameterization == .theta {
      for (k, r) in f.table.rows.enumerated() where r.op == .scale {
        let g = f.groups[r.group - 1]
        if let i = g.layout.observed.firstIndex(of: r.lhs) { v[k] = 1 / g.implied.sigma[i, i].squareRoot() }
      }
    }
    return v
  }

  /// Label → value of every labelled (non-defined) parameter, from row values.
  static func labelValues(_ rows: [ParameterRow], _ values: [Double]) -> [String: Double] {
    var out: [String: Double] = [:]
    for (k, r) in rows.enumerated() where !r.label.isEmpty && r.op != .defined { out[r.label] = values[k] }
    return out
  }

  static func estimates(_ f: FittedModel, vcov: Matrix) throws -> [ParameterEstimate] {
    let rows = f.table.rows
    var est = values(f)
    let zCrit = Normal.quantile(1 - (1 - f.options.ciLevel) / 2)
    // Labels → value and free index, for defined parameters.
    var labelValue = labelValues(rows, est)
    var labelFree: [String: Int] = [:]
    for r in rows where !r.label.isEmpty && r.op != .defined && r.free > 0 { labelFree[r.label] = r.free - 1 }
    var se = [Double](repeating: 0, count: rows.count)
    for (k, r) in rows.enumerated() where r.free > 0 { se[k] = vcov[r.free - 1, r.free - 1].squareRoot() }
    // A parameter held by an active constraint (a > 0.6 at 0.6) has no sampling
    // variance left: lavaan reports no SE (NA), nor z, p or interval.
    if !f.activeConstraints.isEmpty {
      for (k, r) in rows.enumerated() where r.free > 0 {
        let v = vcov[r.free - 1, r.free - 1]
        if !(v > 1e-14 * max(1, est[k] * est[k])) { se[k] = .nan }
      }
    }
    // Defined parameters, in order (one may use an earlier one).
    var definedGrad: [String: [Double]] = [:]
    for (k, r) in rows.enumerated() where r.op == .defined {
      guard let e = r.expression else { continue }
      let names = e.names
      let d = try e.evaluateDual({ labelValue[$0] }, wrt: names)
      var j = [Double](repeating: 0, count: f.q)
      for (i, n) in names.enumerated() {
        if let fi = labelFree[n] { j[fi] += d.gradient[i] }
        if let g = definedGrad[n] { for t in 0..<f.q { j[t] += d.gradient[i] * g[t] } }
      }
      definedGrad[r.lhs] = j
      labelValue[r.lhs] = d.value
      est[k] = d.value
      var v = 0.0
      for a in 0..<f.q where j[a] != 0 { for b in 0..<f.q where j[b] != 0 { v += j[a] * vcov[a, b] * j[b] } }
      se[k] = max(v, 0).squareRoot()
    }
    let (stdLV, stdAll) = standardized(f, est)
    return rows.enumerated().map { k, r in
      let isFree = r.free > 0 || r.op == .defined
      let z: Double? = isFree && se[k] > 0 ? est[k] / se[k] : nil
      return ParameterEstimate(
        lhs: r.lhs, op: r.op, rhs: r.rhs, group: r.group, label: r.label, free: r.free,
        est: est[k], se: se[k], z: z, pvalue: z.map { Normal.twoSidedP($0) },
        ciLower: est[k] - zCrit * se[k], ciUpper: est[k] + zCrit * se[k], stdLV: stdLV[k], stdAll: stdAll[k])
    }
  }

  static func standardized(_ f: FittedModel, _ est: [Double]) -> (lv: [Double], all: [Double]) {
    var lv = est, all = est
    var lvLabel: [String: Double] = [:], allLabel: [String: Double] = [:]
    for g in f.groups { standardize(f, g, est, &lv, &all, &lvLabel, &allLabel) }
    for (k, r) in f.table.rows.enumerated() where r.op == .defined {
      if let e = r.expression {
        lv[k] = (try? e.evaluate { lvLabel[$0] }) ?? .nan
        all[k] = (try? e.evaluate { allLabel[$0] }) ?? .nan
      }
      lvLabel[r.lhs] = lv[k]
      allLabel[r.lhs] = all[k]
    }
    return (lv, all)
  }

  static func standardize(_ f: FittedModel, _ group: GroupFit, _ est: [Double], _ lv: inout [Double], _ all: inout [Double],
                          _ lvLabel: inout [String: Double], _ allLabel: inout [String: Double]) {
    let ws = group.implied
    let phi = ws.phi
    let latent = Set(f.table.roles.latent)
    // Each variable's standard deviations once (a row looks up two or four).
    var sd: [String: (all: Double, lv: Double)] = [:]
    sd.reserveCapacity(group.layout.observed.count + group.layout.eta.count)
    for (i, v) in group.layout.observed.enumerated() { sd[v] = (ws.sigma[i, i].squareRoot(), 1) }
    for (i, v) in group.layout.eta.enumerated() where latent.contains(v) {
      let s = phi[i, i].squareRoot()
      sd[v] = (s, s)
    }
    func sdAll(_ v: String) -> Double { sd[v]?.all ?? 1 }
    func sdLV(_ v: String) -> Double { sd[v]?.lv ?? 1 }
    // A covariance is divided by the square roots of the two (residual)
    // variance estimates (lavaan's cov.std = TRUE), i.e. it becomes a residual
    // correlation; a variance by the model-implied variance.
    var residualVariance: [String: Double] = [:]
    for (k, r) in f.table.rows.enumerated() where r.isVariance && r.group == group.layout.group { residualVariance[r.lhs] = abs(est[k]) }
    func rv(_ v: String) -> Double { residualVariance[v].map { $0.squareRoot() } ?? 1 }
    for (k, r) in f.table.rows.enumerated() where r.group == group.layout.group {
      switch r.op {
      case .measuredBy:
        lv[k] = est[k] * sdLV(r.lhs) / sdLV(r.rhs)
        all[k] = est[k] * sdAll(r.lhs) / sdAll(r.rhs)
      case .regression:
        lv[k] = est[k] * sdLV(r.rhs) / sdLV(r.lhs)
        all[k] = est[k] * sdAll(r.rhs) / sdAll(r.lhs)
      case .covariance where r.lhs == r.rhs:
        lv[k] = est[k] / (sdLV(r.lhs) * sdLV(r.rhs))
        all[k] = est[k] / (sdAll(r.lhs) * sdAll(r.rhs))
      case .covariance:
        lv[k] = est[k] / ((latent.contains(r.lhs) ? rv(r.lhs) : 1) * (latent.contains(r.rhs) ? rv(r.rhs) : 1))
        all[k] = est[k] / (rv(r.lhs) * rv(r.rhs))
      case .intercept:
        lv[k] = est[k] / sdLV(r.lhs)
        all[k] = est[k] / sdAll(r.lhs)
      case .threshold:
        // In the latent response's standard deviations (lavaan: std.lv = est).
        all[k] = est[k] / sdAll(r.lhs)
      case .scale:
        all[k] = 1
      default: break
      }
      if !r.label.isEmpty && lvLabel[r.label] == nil { lvLabel[r.label] = lv[k]; allLabel[r.label] = all[k] }
    }
  }

  /// R² per variable; with several groups the names carry the group ("x1 [Pasteur]").
  static func rSquare(_ f: FittedModel) -> NamedValues {
    let xSet = Set(f.table.roles.observedX)
    let latentX = Set(f.table.roles.latentX)
    var names: [String] = [], values: [Double] = []
    let regressed = Set(f.table.rows.filter { $0.op == .regression }.map(\.lhs))
    for g in f.groups {
      let ws = g.implied
      let phi = ws.phi
      let suffix = f.groups.count > 1 ? " [\(g.label)]" : ""
      for (i, v) in g.layout.observed.enumerated() where !xSet.contains(v) {
        if let d = g.layout.dummy[v] {
          guard regressed.contains(v) || f.table.rows.contains(where: { $0.op == .measuredBy && $0.rhs == v }) else { continue }
          names.append(v + suffix); values.append(1 - ws.psi[d, d] / phi[d, d])
        } else {
          names.append(v + suffix); values.append(1 - ws.theta[i, i] / ws.sigma[i, i])
        }
      }
      for (k, v) in f.table.roles.latent.enumerated() where !latentX.contains(v) {
        names.append(v + suffix); values.append(1 - ws.psi[k, k] / phi[k, k])
      }
    }
    return NamedValues(names: names, values: values)
  }
}
