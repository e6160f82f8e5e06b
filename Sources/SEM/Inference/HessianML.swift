import LinearAlgebra

// The exact Hessian of the complete-data ML discrepancy (one group), for
// Newton steps near the optimum and the observed information of MLR.
// With S̃ = S + ddᵀ, d = ȳ − μ, P = Σ⁻¹, Q = PS̃P and G = ∂F/∂Σ = P − Q,
//   F = log|Σ| + tr(S̃P) − log|S| − p,
//   ∂F/∂θᵢ = tr(GΣᵢ) − 2dᵀPμᵢ,
//   ∂²F/∂θᵢ∂θⱼ = −tr(PΣᵢPΣⱼ) + tr(QΣᵢPΣⱼ) + tr(QΣⱼPΣᵢ) + tr(GΣᵢⱼ)
//               + 2μⱼᵀPΣᵢPd + 2μᵢᵀPΣⱼPd + 2μᵢᵀPμⱼ − 2dᵀPμᵢⱼ
// (Σᵢ = ∂Σ/∂θᵢ, μᵢ = ∂μ/∂θᵢ; e.g. Magnus & Neudecker 1999, ch. 15; Savalei
// 2010 for the structured form). With Σᵢ = xᵢyᵢᵀ + yᵢxᵢᵀ (Information.swift)
// the first three traces are
//   2[Q₍ₓₓ₎P₍ᵧᵧ₎ + Q₍ᵧᵧ₎P₍ₓₓ₎ + Q₍ₓᵧ₎P₍ᵧₓ₎ + Q₍ᵧₓ₎P₍ₓᵧ₎ − P₍ₓₓ₎P₍ᵧᵧ₎ − P₍ₓᵧ₎P₍ᵧₓ₎],
// where W₍ₓᵧ₎ = xᵢᵀWyⱼ and so on; every x, y and μᵢ is a multiple of one
// column of the basis [I | ΛΦ | ΛA], so all of them are entries of the two
// Gram matrices BᵀPB and BᵀQB, and the whole Hessian costs O(p²m + q²) plus
// the second-derivative terms tr(GΣᵢⱼ) − 2dᵀPμᵢⱼ (`curvature`, ObservedInformation.swift).
// At S̃ = Σ (a saturated fit) Q = P and the Hessian is the expected one, M(P).
// FIML's F is a weighted sum of the same kernel over the missing-data
// patterns, each on Σ_oo and μ_o: its Hessian sums the terms above with P, Q
// and Pd of each pattern padded with zeros (a padded P annihilates the rows
// and columns a pattern does not observe), and the second-derivative terms
// once, with the whole gradient (they are linear in G and g).

extension Information {
  /// One ML kernel of a discrepancy, weighted: P = Σ⁻¹ (under FIML a
  /// pattern's (Σ_oo)⁻¹ padded with zeros), Q = PS̃P likewise, Pd likewise
  /// (nil without a mean structure). Complete data are one piece of weight 1;
  /// FIML one per missing-data pattern, of weight n_k/n.
  struct KernelPiece {
    let weight: Double
    let p: Matrix, q: Matrix
    let pd: [Double]?
  }

  /// ∂²F/∂θ∂θᵀ of ML with complete data at the model: `inverse` Σ⁻¹, `g` = ∂F/∂Σ,
  /// `gMu` = ∂F/∂μ = −2Σ⁻¹d (nil without a mean structure).
  static func hessianML(_ ws: ImpliedModel, inverse pw: Matrix, g: Matrix, gMu: [Double]?) -> Matrix {
    hessianML(ws, pieces: [KernelPiece(weight: 1, p: pw, q: pw - g, pd: gMu.map { $0.map { -0.5 * $0 } })], g: g, gMu: gMu)
  }

  /// The same summed over weighted kernels (FIML's patterns); `g`, `gMu` the whole discrepancy's gradient.
  static func hessianML(_ ws: ImpliedModel, pieces: [KernelPiece], g: Matrix, gMu: [Double]?) -> Matrix {
    let free = ws.layout.freeEntries
    let q = ws.layout.freeCount
    let p = ws.layout.p, m = ws.la.columns
    let e = free.count
    let means = gMu != nil
    var xi = [Int](repeating: 0, count: e), yi = xi, k = xi, mi = xi
    var c = [Double](repeating: 0, count: e), sm = c
    for (j, (entry, parameter)) in free.enumerated() {
      let t = basisTangents(entry, p: p, m: m)
      xi[j] = t.x.index; yi[j] = t.y.index; c[j] = t.x.scale * t.y.scale; k[j] = parameter
      if means { (mi[j], sm[j]) = meanBasis(entry, p: p, m: m, aAlpha: ws.aAlpha) }
    }
    var h = Matrix(rows: q, columns: q)
    for piece in pieces {
      let gp = basisGram(ws, weight: piece.p), gq = basisGram(ws, weight: piece.q)
      let n = gp.rows
      // r = BᵀPd.
      var r = [Double](repeating: 0, count: n)
      if means, let pd = piece.pd {
        for i in 0..<p { r[i] = pd[i] }
        for f in 0..<m {
          var u = 0.0, v = 0.0
          for i in 0..<p { u += ws.lphi[i, f] * pd[i]; v += ws.la[i, f] * pd[i] }
          r[p + f] = u; r[p + m + f] = v
        }
      }
      let weight = piece.weight
      h.elements.withUnsafeMutableBufferPointer { ph in
        gp.elements.withUnsafeBufferPointer { pP in
          gq.elements.withUnsafeBufferPointer { pQ in
            for j in 0..<e {
              let cj = c[j], kj = k[j]
              let pxj = pP.baseAddress! + xi[j] * n, pyj = pP.baseAddress! + yi[j] * n
              let qxj = pQ.baseAddress! + xi[j] * n, qyj = pQ.baseAddress! + yi[j] * n
              for i in j..<e {
                var v = 0.0
                if cj != 0 && c[i] != 0 {
                  let (x, y) = (xi[i], yi[i])
                  let pxx = pxj[x], pyy = pyj[y], pxy = pyj[x], pyx = pxj[y]
                  v = 2 * c[i] * cj * (qxj[x] * pyy + qyj[y] * pxx + qyj[x] * pyx + qxj[y] * pxy - pxx * pyy - pxy * pyx)
                }
                if means {
                  // 2μⱼᵀPΣᵢPd + 2μᵢᵀPΣⱼPd + 2μᵢᵀPμⱼ.
                  if sm[j] != 0 && c[i] != 0 {
                    let pm = pP.baseAddress! + mi[j] * n
                    v += 2 * sm[j] * c[i] * (pm[xi[i]] * r[yi[i]] + pm[yi[i]] * r[xi[i]])
                  }
                  if sm[i] != 0 && cj != 0 {
                    let pm = pP.baseAddress! + mi[i] * n
                    v += 2 * sm[i] * cj * (pm[xi[j]] * r[yi[j]] + pm[yi[j]] * r[xi[j]])
                  }
                  if sm[i] != 0 && sm[j] != 0 { v += 2 * sm[i] * sm[j] * pP[mi[i] + mi[j] * n] }
                }
                v *= weight
                ph[k[i] + kj * q] += v
                if i != j { ph[kj + k[i] * q] += v }
              }
            }
          }
        }
      }
    }
    curvature(ws, g: g, gMu: gMu, into: &h)
    return h
  }

  /// ∂μ/∂(element) as a multiple of a basis column (zero for Θ and Ψ):
  /// ν[a]: eₐ;  α[k]: (ΛA)[:, k];  Λ[a,f]: (Aα)_f·eₐ;  B[k,l]: (Aα)_l·(ΛA)[:, k].
  static func meanBasis(_ e: MatrixEntry, p: Int, m: Int, aAlpha: Matrix) -> BasisColumn {
    switch e.matrix {
    case .nu: (e.row, 1)
    case .alpha: (p + m + e.row, 1)
    case .lambda: (e.row, aAlpha[e.column, 0])
    case .beta: (p + m + e.row, aAlpha[e.column, 0])
    case .theta, .psi: (0, 0)
    }
  }
}
