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
// Most tangents are scaled unit vectors (x for every Λ and Θ element, y for
// Θ): then Px is a column of P and xᵀ(PU) a row of PU, so only the dense
// tangents (B, Ψ, and y of Λ) go through BLAS, and XᵀPX, YᵀPY, XᵀPY are read
// in place (`withCrossRows`) rather than formed.

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
    let (x, y) = tangents(ws, entries)
    let xUnit = entries.map(unitX), yUnit = entries.map(unitY)
    let px = applyWeight(pw, x, xUnit), py = applyWeight(pw, y, yUnit)
    var m = Matrix(rows: q, columns: q)
    let e = parameterOf.count
    // XᵀPX, YᵀPY and XᵀPY are read in place (`CrossRows`), not formed: most of
    // their rows are scaled rows of PX or PY. M is symmetric, so the lower
    // triangle is computed and mirrored.
    withCrossRows(x, xUnit, px) { xpx in
      withCrossRows(y, yUnit, py) { ypy in
        withCrossRows(x, xUnit, py) { xpy in
          m.elements.withUnsafeMutableBufferPointer { pm in
            parameterOf.withUnsafeBufferPointer { k in
              for j in 0..<e {
                let kj = k[j]
                for i in j..<e {
                  let v = 2 * (xpx[i, j] * ypy[i, j] + xpy[i, j] * xpy[j, i])
                  pm[k[i] + kj * q] += v
                  if i != j { pm[kj + k[i] * q] += v }
                }
              }
            }
          }
        }
      }
    }
    if ws.layout.meanstructure {
      let jm = meanJacobian(ws, entries)
      let jpj = jm.times(pw * jm, transposeSelf: true)
      m.elements.withUnsafeMutableBufferPointer { pm in
        jpj.elements.withUnsafeBufferPointer { a in
          parameterOf.withUnsafeBufferPointer { k in
            for j in 0..<e { for i in 0..<e { pm[k[i] + k[j] * q] += 2 * a[i + j * e] } }
          }
        }
      }
    }
    return m
  }

  /// A tangent column that is a multiple of a unit vector: its row and the multiple.
  typealias Unit = (row: Int, scale: Double)

  /// x = c·eₐ for Λ and Θ elements (and 0 for ν, α); nil where x is dense.
  static func unitX(_ e: MatrixEntry) -> Unit? {
    switch e.matrix {
    case .lambda, .theta: (e.row, 1)
    case .nu, .alpha: (0, 0)
    case .beta, .psi: nil
    }
  }

  /// y = c·e_b for Θ elements (and 0 for ν, α); nil where y is dense.
  static func unitY(_ e: MatrixEntry) -> Unit? {
    switch e.matrix {
    case .theta: (e.column, e.row == e.column ? 0.5 : 1)
    case .nu, .alpha: (0, 0)
    case .lambda, .beta, .psi: nil
    }
  }

  /// P·T (p × e): BLAS for the dense columns, a scaled column of P for the
  /// unit ones (most of a measurement model's: every loading and residual).
  static func applyWeight(_ pw: Matrix, _ t: Matrix, _ unit: [Unit?]) -> Matrix {
    let p = t.rows, e = t.columns
    let dense = unit.indices.filter { unit[$0] == nil }
    var out = Matrix(rows: p, columns: e)
    let product = dense.isEmpty ? nil : pw * columns(t, dense)
    out.elements.withUnsafeMutableBufferPointer { po in
      if let product {
        product.elements.withUnsafeBufferPointer { pd in
          for (c, j) in dense.enumerated() { for i in 0..<p { po[i + j * p] = pd[i + c * p] } }
        }
      }
      pw.elements.withUnsafeBufferPointer { pp in
        for (j, u) in unit.enumerated() {
          guard let u else { continue }
          for i in 0..<p { po[i + j * p] = u.scale * pp[i + u.row * p] }
        }
      }
    }
    return out
  }

  /// Tᵀ·(PU) read in place: row i is row `source` of the dense product
  /// (T's dense columns times PU, by BLAS) or, for a unit column c·eₐ of T,
  /// c times row a of PU. Valid only inside `withCrossRows`.
  struct CrossRows {
    let base: UnsafeMutableBufferPointer<UnsafePointer<Double>>
    let stride: UnsafeMutableBufferPointer<Int>
    let scale: UnsafeMutableBufferPointer<Double>
    @inline(__always) subscript(i: Int, j: Int) -> Double { scale[i] * base[i][j * stride[i]] }
  }

  static func withCrossRows<R>(_ t: Matrix, _ unit: [Unit?], _ pu: Matrix, _ body: (CrossRows) -> R) -> R {
    let e = t.columns, p = pu.rows
    let dense = unit.indices.filter { unit[$0] == nil }
    let d = dense.count
    let product = d == 0 ? Matrix(rows: 0, columns: 0) : columns(t, dense).times(pu, transposeSelf: true)
    let rows = CrossRows(base: .allocate(capacity: e), stride: .allocate(capacity: e), scale: .allocate(capacity: e))
    defer { rows.base.deallocate(); rows.stride.deallocate(); rows.scale.deallocate() }
    return product.elements.withUnsafeBufferPointer { pr in
      pu.elements.withUnsafeBufferPointer { pp in
        for (c, i) in dense.enumerated() { rows.base[i] = pr.baseAddress! + c; rows.stride[i] = d; rows.scale[i] = 1 }
        for (i, u) in unit.enumerated() {
          guard let u else { continue }
          rows.base[i] = pp.baseAddress! + u.row; rows.stride[i] = p; rows.scale[i] = u.scale
        }
        return body(rows)
      }
    }
  }

  /// The listed columns of T, in order.
  static func columns(_ t: Matrix, _ list: [Int]) -> Matrix {
    let p = t.rows
    var out = Matrix(rows: p, columns: list.count)
    out.elements.withUnsafeMutableBufferPointer { po in
      t.elements.withUnsafeBufferPointer { pt in
        for (c, j) in list.enumerated() { for i in 0..<p { po[i + c * p] = pt[i + j * p] } }
      }
    }
    return out
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
    var d = Matrix(rows: p * (p + 1) / 2, columns: q)
    for (c, (_, k)) in ws.layout.freeEntries.enumerated() {
      var r = 0
      for j in 0..<p {
        for i in j..<p {
          d[r, k] += x[i, c] * y[j, c] + y[i, c] * x[j, c]
          r += 1
        }
      }
    }
    return d
  }
}
