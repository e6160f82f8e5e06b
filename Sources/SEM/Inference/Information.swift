import LinearAlgebra

// Expected information of the discrepancy function. Each derivative of Σ with
// respect to one matrix element is symmetric of rank ≤ 2, Σₑ = xₑyₑᵀ + yₑxₑᵀ:
//   Λ[a,f]: x = eₐ,        y = (ΛΦ)[:, f]
//   B[k,l]: x = (ΛA)[:, k], y = (ΛΦ)[:, l]
//   Ψ[k,l]: x = (ΛA)[:, k], y = (ΛA)[:, l]   (k = l: y = ½(ΛA)[:, k])
//   Θ[a,b]: x = eₐ,        y = e_b            (a = b: y = ½eₐ)
// so that, for a weight matrix P (Σ⁻¹ for ML, S⁻¹ for GLS, I for ULS),
//   Mᵢⱼ = tr(P Σᵢ P Σⱼ) = 2[(xᵢᵀPxⱼ)(yᵢᵀPyⱼ) + (xᵢᵀPyⱼ)(yᵢᵀPxⱼ)],
// i.e. M = 2[XᵀPX ∘ YᵀPY + XᵀPY ∘ (XᵀPY)ᵀ] with three matrix products, and a
// parameter's information sums over the elements it occupies (equality labels).
// For ML, M is the expected Hessian of F, and N·M/2 the Fisher information of
// the sample (the log-likelihood is −N/2·F + const). A mean structure adds
// 2JᵀPJ with J = ∂μ/∂θ, whose columns are
//   ν[a]: eₐ;  α[k]: (ΛA)[:, k];  Λ[a,f]: eₐ(Aα)_f;  B[k,l]: (ΛA)[:, k](Aα)_l,
// and several groups add up as F does: M = Σ_g (n_g/N) M_g.
// Every x and y is a multiple of one column of the basis [I | ΛΦ | ΛA]
// (p + 2m columns for m latent variables), so all the cross products xᵢᵀPyⱼ
// are entries of one small Gram matrix BᵀPB: its blocks are P, PU and UᵀPU
// for U = [ΛΦ | ΛA] (two products of p × 2m), and M costs O(p²m + q²)
// instead of the O(pq²) of forming XᵀPX, YᵀPY and XᵀPY for q parameters.

enum Information {
  /// Σ_g w_g M_g over the groups (nil when a group's M_g cannot be made).
  static func weightedSum(_ weights: [Double], _ part: (Int) -> Matrix?) -> Matrix? {
    var total: Matrix?
    for (g, w) in weights.enumerated() {
      guard let mg = part(g) else { return nil }
      let m = w * mg
      total = total.map { $0 + m } ?? m
    }
    return total
  }

  /// The rank-2 factors of ∂Σ/∂(element) for every free element, as columns.
  static func tangents(_ ws: ImpliedModel) -> (x: Matrix, y: Matrix) {
    tangents(ws, ws.layout.freeEntries.map(\.entry))
  }

  /// The same for any list of matrix elements (e.g. candidate parameters).
  static func tangents(_ ws: ImpliedModel, _ entries: [MatrixEntry]) -> (x: Matrix, y: Matrix) {
    let p = ws.layout.p
    var x = Matrix(rows: p, columns: entries.count)
    var y = Matrix(rows: p, columns: entries.count)
    for (c, e) in entries.enumerated() {
      switch e.matrix {
      case .lambda:
        x[e.row, c] = 1
        for i in 0..<p { y[i, c] = ws.lphi[i, e.column] }
      case .beta:
        for i in 0..<p { x[i, c] = ws.la[i, e.row]; y[i, c] = ws.lphi[i, e.column] }
      case .psi:
        let half = e.row == e.column ? 0.5 : 1
        for i in 0..<p { x[i, c] = ws.la[i, e.row]; y[i, c] = half * ws.la[i, e.column] }
      case .theta:
        x[e.row, c] = 1
        y[e.column, c] += e.row == e.column ? 0.5 : 1
      case .nu, .alpha:
        break
      }
    }
    return (x, y)
  }

  /// ∂μ/∂(element) for every listed element, as columns (zero for Θ and Ψ).
  static func meanJacobian(_ ws: ImpliedModel, _ entries: [MatrixEntry]) -> Matrix {
    let p = ws.layout.p
    var j = Matrix(rows: p, columns: entries.count)
    for (c, e) in entries.enumerated() {
      switch e.matrix {
      case .nu: j[e.row, c] = 1
      case .alpha: for i in 0..<p { j[i, c] = ws.la[i, e.row] }
      case .lambda: j[e.row, c] = ws.aAlpha[e.column, 0]
      case .beta: for i in 0..<p { j[i, c] = ws.la[i, e.row] * ws.aAlpha[e.column, 0] }
      case .theta, .psi: break
      }
    }
    return j
  }

  /// M (q × q) for weight P at the model's point.
  static func matrix(_ ws: ImpliedModel, weight pw: Matrix) -> Matrix {
    let entries = ws.layout.freeEntries
    return matrix(ws, weight: pw, entries: entries.map(\.entry), parameterOf: entries.map(\.parameter), count: ws.layout.freeCount)
  }

  /// M over parameters made of matrix elements: element k belongs to parameter parameterOf[k].
  static func matrix(_ ws: ImpliedModel, weight pw: Matrix, entries: [MatrixEntry], parameterOf: [Int], count q: Int) -> Matrix {
    let g = basisGram(ws, weight: pw)
    let n = g.rows, p = ws.layout.p, m = ws.la.columns
    let e = parameterOf.count
    // Per element: the basis columns of x and y and the product of their scales.
    var xi = [Int](repeating: 0, count: e), yi = xi
    var c = [Double](repeating: 0, count: e)
    for (k, entry) in entries.enumerated() {
      let t = basisTangents(entry, p: p, m: m)
      xi[k] = t.x.index; yi[k] = t.y.index; c[k] = t.x.scale * t.y.scale
    }
    var out = Matrix(rows: q, columns: q)
    // M is symmetric: the lower triangle is computed and mirrored.
    out.elements.withUnsafeMutableBufferPointer { pm in
      g.elements.withUnsafeBufferPointer { pg in
        parameterOf.withUnsafeBufferPointer { k in
          for j in 0..<e {
            let kj = k[j], cj = 2 * c[j]
            let gxj = pg.baseAddress! + xi[j] * n, gyj = pg.baseAddress! + yi[j] * n
            for i in j..<e {
              let v = cj * c[i] * (gxj[xi[i]] * gyj[yi[i]] + gyj[xi[i]] * gxj[yi[i]])
              pm[k[i] + kj * q] += v
              if i != j { pm[kj + k[i] * q] += v }
            }
          }
        }
      }
    }
    if ws.layout.meanstructure {
      let jm = meanJacobian(ws, entries)
      let jpj = jm.times(pw * jm, transposeSelf: true)
      out.elements.withUnsafeMutableBufferPointer { pm in
        jpj.elements.withUnsafeBufferPointer { a in
          parameterOf.withUnsafeBufferPointer { k in
            for j in 0..<e { for i in 0..<e { pm[k[i] + k[j] * q] += 2 * a[i + j * e] } }
          }
        }
      }
    }
    return out
  }

  /// A tangent as a multiple of one column of the basis [I | ΛΦ | ΛA] (p × (p + 2m)).
  typealias BasisColumn = (index: Int, scale: Double)

  /// Where x and y of an element's ∂Σ = xyᵀ + yxᵀ lie in the basis (ν and α: scale 0).
  static func basisTangents(_ e: MatrixEntry, p: Int, m: Int) -> (x: BasisColumn, y: BasisColumn) {
    switch e.matrix {
    case .lambda: ((e.row, 1), (p + e.column, 1))
    case .beta: ((p + m + e.row, 1), (p + e.column, 1))
    case .psi: ((p + m + e.row, 1), (p + m + e.column, e.row == e.column ? 0.5 : 1))
    case .theta: ((e.row, 1), (e.column, e.row == e.column ? 0.5 : 1))
    case .nu, .alpha: ((0, 0), (0, 0))
    }
  }

  /// BᵀPB for the basis B = [I | U], U = [ΛΦ | ΛA]: the blocks P, PU, (PU)ᵀ and UᵀPU.
  static func basisGram(_ ws: ImpliedModel, weight pw: Matrix) -> Matrix {
    let p = ws.layout.p, m = ws.la.columns, n = p + 2 * m
    var u = Matrix(rows: p, columns: 2 * m)
    u.elements.withUnsafeMutableBufferPointer { pu in
      ws.lphi.elements.withUnsafeBufferPointer { a in for i in 0..<(p * m) { pu[i] = a[i] } }
      ws.la.elements.withUnsafeBufferPointer { a in for i in 0..<(p * m) { pu[p * m + i] = a[i] } }
    }
    let pu = pw * u
    let upu = u.times(pu, transposeSelf: true)
    var g = Matrix(rows: n, columns: n)
    g.elements.withUnsafeMutableBufferPointer { pg in
      pw.elements.withUnsafeBufferPointer { a in
        for j in 0..<p { for i in 0..<p { pg[i + j * n] = a[i + j * p] } }
      }
      pu.elements.withUnsafeBufferPointer { a in
        for j in 0..<(2 * m) {
          for i in 0..<p {
            pg[i + (p + j) * n] = a[i + j * p]
            pg[(p + j) + i * n] = a[i + j * p]
          }
        }
      }
      upu.elements.withUnsafeBufferPointer { a in
        for j in 0..<(2 * m) { for i in 0..<(2 * m) { pg[(p + i) + (p + j) * n] = a[i + j * 2 * m] } }
      }
    }
    return g
  }

  /// The Hessian of F at θ̂ by central differences of the analytic gradient
  /// (Optimizer.numericalHessian): the check of `observedAnalytic`.
  static func observedNumerical(_ f: FittedModel) -> Matrix {
    hessian(f.makeObjective(), at: f.theta)
  }

  /// The same for any objective at any point (left evaluated at `theta`).
  static func hessian(_ objective: Objective, at theta: [Double]) -> Matrix {
    Optimizer.numericalHessian(theta) { x, g in
      let v = objective.value(x)
      if v.isFinite { objective.gradient(into: &g) }
      return v
    } ?? Matrix(rows: theta.count, columns: theta.count, repeating: .nan)
  }

  /// ∂μ/∂θ (p × q): the mean rows of lavaan's Delta.
  static func meanDelta(_ ws: ImpliedModel) -> Matrix {
    let entries = ws.layout.freeEntries
    let j = meanJacobian(ws, entries.map(\.entry))
    var d = Matrix(rows: ws.layout.p, columns: ws.layout.freeCount)
    for (c, (_, k)) in entries.enumerated() { for i in 0..<ws.layout.p { d[i, k] += j[i, c] } }
    return d
  }

  /// ∂vech(Σ)/∂θ (p* × q), lavaan's Delta, for modification indices and robust statistics.
  static func delta(_ ws: ImpliedModel) -> Matrix {
    let (x, y) = tangents(ws)
    let p = ws.layout.p
    let q = ws.layout.freeCount
    let rows = p * (p + 1) / 2
    var d = Matrix(rows: rows, columns: q)
    // The scoring steps call this at every step: storage through pointers.
    d.elements.withUnsafeMutableBufferPointer { pd in
      x.elements.withUnsafeBufferPointer { px in
        y.elements.withUnsafeBufferPointer { py in
          for (c, (_, k)) in ws.layout.freeEntries.enumerated() {
            let xc = px.baseAddress! + c * p, yc = py.baseAddress! + c * p, dk = pd.baseAddress! + k * rows
            var r = 0
            for j in 0..<p {
              let xj = xc[j], yj = yc[j]
              for i in j..<p {
                dk[r] += xc[i] * yj + yc[i] * xj
                r += 1
              }
            }
          }
        }
      }
    }
    return d
  }
}
