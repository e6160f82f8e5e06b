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
  /// One ML kernel of a discrepancy, weighted, on the variables `observed`
  /// (all of them with complete data; a pattern's under FIML): P = (Σ_oo)⁻¹,
  /// R = Q − ½P with Q = PS̃P, and Pd (nil without a mean structure).
  /// Complete data are one piece of weight 1; FIML one per missing-data
  /// pattern, of weight n_k/n.
  struct KernelPiece {
    let weight: Double
    let observed: [Int]
    let p: Matrix, r: Matrix
    let pd: [Double]?

    /// From the kernel's inverse P and its gradients G = ∂F/∂Σ_oo = P − Q and
    /// g = ∂F/∂μ_o = −2Pd (nil without a mean structure): R = ½P − G, Pd = −½g.
    init(weight: Double, observed: [Int], inverse: Matrix, gradient g: Matrix, gradientMu gMu: [Double]?) {
      var r = g
      for k in r.elements.indices { r.elements[k] = 0.5 * inverse.elements[k] - g.elements[k] }
      (self.weight, self.observed, p, self.r, pd) = (weight, observed, inverse, r, gMu.map { $0.map { -0.5 * $0 } })
    }
  }

  /// ∂²F/∂θ∂θᵀ of ML with complete data at the model: `inverse` Σ⁻¹, `g` = ∂F/∂Σ,
  /// `gMu` = ∂F/∂μ = −2Σ⁻¹d (nil without a mean structure).
  static func hessianML(_ ws: ImpliedModel, inverse pw: Matrix, g: Matrix, gMu: [Double]?) -> Matrix {
    let piece = KernelPiece(weight: 1, observed: Array(0..<pw.rows), inverse: pw, gradient: g, gradientMu: gMu)
    return hessianML(ws, pieces: [piece], g: g, gMu: gMu)
  }

  /// Pieces whose Gram matrices are held at once: the sums over pieces run
  /// along contiguous memory, and memory stays bounded for many patterns.
  static let piecesPerBlock = 64

  /// The same summed over weighted kernels (FIML's patterns); `g`, `gMu` the whole discrepancy's gradient.
  /// With R = Q − ½P the three traces are
  ///   2[R₍ₓₓ₎P₍ᵧᵧ₎ + R₍ᵧᵧ₎P₍ₓₓ₎ + R₍ₓᵧ₎P₍ᵧₓ₎ + R₍ᵧₓ₎P₍ₓᵧ₎],
  /// each a sum over pieces of products of entries of BᵀPB and BᵀRB, stored
  /// piece-minor so that the sum for a pair of parameters is a dot product.
  static func hessianML(_ ws: ImpliedModel, pieces: [KernelPiece], g: Matrix, gMu: [Double]?) -> Matrix {
    let free = ws.layout.freeEntries
    let q = ws.layout.freeCount
    let p = ws.layout.p, m = ws.la.columns, n = p + 2 * m, u2 = 2 * m
    let means = gMu != nil
    // Per free element: its tangents' basis columns x, y with scale c, its
    // parameter, and (means) its mean basis column with scale sm.
    struct Element { var x = 0, y = 0, parameter = 0, meanColumn = 0; var c = 0.0, sm = 0.0 }
    let elements = free.map { entry, parameter -> Element in
      let t = basisTangents(entry, p: p, m: m)
      var el = Element(x: t.x.index, y: t.y.index, parameter: parameter, c: t.x.scale * t.y.scale)
      if means { (el.meanColumn, el.sm) = meanBasis(entry, p: p, m: m, aAlpha: ws.aAlpha) }
      return el
    }
    // U = [ΛΦ | ΛA] (p × 2m), the non-identity columns of the basis.
    var u = [Double](repeating: 0, count: p * u2)
    for i in 0..<(p * m) { u[i] = ws.lphi.elements[i]; u[p * m + i] = ws.la.elements[i] }
    var h = Matrix(rows: q, columns: q)
    let block = min(piecesPerBlock, max(pieces.count, 1))
    var gp = [Double](repeating: 0, count: n * n * block), gr = gp
    var rw = [Double](repeating: 0, count: n * block)
    var pSum = [Double](repeating: 0, count: means ? n * n : 0)
    var start = 0
    while start < pieces.count {
      let kb = min(block, pieces.count - start)
      gp.withUnsafeMutableBufferPointer { gp in
        gr.withUnsafeMutableBufferPointer { gr in
          rw.withUnsafeMutableBufferPointer { rw in
            // A piece leaves the rows it does not observe at zero.
            for i in 0..<(n * n * kb) { gp[i] = 0; gr[i] = 0 }
            for i in 0..<(n * kb) { rw[i] = 0 }
            for t in 0..<kb {
              let piece = pieces[start + t]
              let o = piece.observed, ko = o.count, w = piece.weight
              // The piece's Gram matrices BᵀPB and w·BᵀRB (B's rows outside o are zero
              // for it): blocks P_oo, P_oo·U_o and U_oᵀP_oo·U_o.
              for bb in 0..<ko {
                for aa in 0..<ko {
                  let at = (o[aa] + o[bb] * n) * kb + t
                  gp[at] = piece.p.elements[aa + bb * ko]
                  gr[at] = w * piece.r.elements[aa + bb * ko]
                }
              }
              let (puo, ruo, upu, uru) = gramBlocks(piece, u: u, p: p, columns: u2)
              for col in 0..<u2 {
                for aa in 0..<ko {
                  let sp = puo[aa + col * ko], sr = w * ruo[aa + col * ko]
                  let x = (o[aa] + (p + col) * n) * kb + t, y = ((p + col) + o[aa] * n) * kb + t
                  gp[x] = sp; gp[y] = sp
                  gr[x] = sr; gr[y] = sr
                }
              }
              for d in 0..<u2 {
                for col in 0..<u2 {
                  let at = ((p + col) + (p + d) * n) * kb + t
                  gp[at] = upu[col + d * u2]; gr[at] = w * uru[col + d * u2]
                }
              }
              // w·BᵀPd, and Σ w·BᵀPB for the μμ term.
              if means, let pd = piece.pd {
                for aa in 0..<ko { rw[o[aa] * kb + t] = w * pd[aa] }
                for col in 0..<u2 {
                  var sum = 0.0
                  for aa in 0..<ko { sum += u[o[aa] + col * p] * pd[aa] }
                  rw[(p + col) * kb + t] = w * sum
                }
                for ab in 0..<(n * n) { pSum[ab] += w * gp[ab * kb + t] }
              }
            }
          }
        }
      }
      h.elements.withUnsafeMutableBufferPointer { ph in
        gp.withUnsafeBufferPointer { pP in
          gr.withUnsafeBufferPointer { pR in
            rw.withUnsafeBufferPointer { pr in
              elements.withUnsafeBufferPointer { el in
                let P = pP.baseAddress!, R = pR.baseAddress!, rb = pr.baseAddress!
                // The sums over pieces for every pair of elements; inlined twice below,
                // so that with one piece (complete data) each sum is one product.
                @inline(__always) func addPairs(_ kb: Int) {
                  @inline(__always) func at(_ base: UnsafePointer<Double>, _ a: Int, _ b: Int) -> UnsafePointer<Double> { base + (a + b * n) * kb }
                  for j in 0..<el.count {
                    let ej = el[j]
                    for i in j..<el.count {
                      let ei = el[i]
                      var v = 0.0
                      if ej.c != 0 && ei.c != 0 {
                        let (x, y) = (ei.x, ei.y)
                        let s = contiguousDot(at(R, x, ej.x), at(P, y, ej.y), kb) + contiguousDot(at(R, y, ej.y), at(P, x, ej.x), kb)
                          + contiguousDot(at(R, x, ej.y), at(P, y, ej.x), kb) + contiguousDot(at(R, y, ej.x), at(P, x, ej.y), kb)
                        v = 2 * ei.c * ej.c * s
                      }
                      if means {
                        // 2μⱼᵀPΣᵢPd + 2μᵢᵀPΣⱼPd (2μᵢᵀPμⱼ below, from Σ w·BᵀPB).
                        if ej.sm != 0 && ei.c != 0 {
                          v += 2 * ej.sm * ei.c * (contiguousDot(at(P, ej.meanColumn, ei.x), rb + ei.y * kb, kb)
                                                   + contiguousDot(at(P, ej.meanColumn, ei.y), rb + ei.x * kb, kb))
                        }
                        if ei.sm != 0 && ej.c != 0 {
                          v += 2 * ei.sm * ej.c * (contiguousDot(at(P, ei.meanColumn, ej.x), rb + ej.y * kb, kb)
                                                   + contiguousDot(at(P, ei.meanColumn, ej.y), rb + ej.x * kb, kb))
                        }
                      }
                      ph[ei.parameter + ej.parameter * q] += v
                      if i != j { ph[ej.parameter + ei.parameter * q] += v }
                    }
                  }
                }
                if kb == 1 { addPairs(1) } else { addPairs(kb) }
              }
            }
          }
        }
      }
      start += kb
    }
    if means {
      for j in elements.indices where elements[j].sm != 0 {
        let ej = elements[j]
        for i in j..<elements.count where elements[i].sm != 0 {
          let ei = elements[i]
          let v = 2 * ei.sm * ej.sm * pSum[ei.meanColumn + ej.meanColumn * n]
          h[ei.parameter, ej.parameter] += v
          if i != j { h[ej.parameter, ei.parameter] += v }
        }
      }
    }
    curvature(ws, g: g, gMu: gMu, into: &h)
    return h
  }

  /// P_oo·U_o, R_oo·U_o, U_oᵀP_oo·U_o and U_oᵀR_oo·U_o of one piece (column-major):
  /// by BLAS for a large piece (complete data), by loops for a pattern's few variables.
  static func gramBlocks(_ piece: KernelPiece, u: [Double], p: Int, columns u2: Int)
    -> (pu: [Double], ru: [Double], upu: [Double], uru: [Double]) {
    let o = piece.observed, ko = o.count
    var uo = Matrix(rows: ko, columns: u2)
    for col in 0..<u2 { for a in 0..<ko { uo.elements[a + col * ko] = u[o[a] + col * p] } }
    if ko >= 16 {
      let pu = piece.p * uo, ru = piece.r * uo
      return (pu.elements, ru.elements, uo.times(pu, transposeSelf: true).elements, uo.times(ru, transposeSelf: true).elements)
    }
    var pu = [Double](repeating: 0, count: ko * u2), ru = pu
    var upu = [Double](repeating: 0, count: u2 * u2), uru = upu
    uo.elements.withUnsafeBufferPointer { pU in
      piece.p.elements.withUnsafeBufferPointer { pP in
        piece.r.elements.withUnsafeBufferPointer { pR in
          pu.withUnsafeMutableBufferPointer { pPU in
            ru.withUnsafeMutableBufferPointer { pRU in
              for col in 0..<u2 {
                for b in 0..<ko {
                  let ub = pU[b + col * ko]
                  for a in 0..<ko {
                    pPU[a + col * ko] += pP[a + b * ko] * ub
                    pRU[a + col * ko] += pR[a + b * ko] * ub
                  }
                }
              }
              upu.withUnsafeMutableBufferPointer { pUPU in
                uru.withUnsafeMutableBufferPointer { pURU in
                  for d in 0..<u2 {
                    for col in 0..<u2 {
                      var sp = 0.0, sr = 0.0
                      for a in 0..<ko {
                        sp += pU[a + col * ko] * pPU[a + d * ko]
                        sr += pU[a + col * ko] * pRU[a + d * ko]
                      }
                      pUPU[col + d * u2] = sp; pURU[col + d * u2] = sr
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
    return (pu, ru, upu, uru)
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
