// Residual-based fit indices per group, weighted by n_g/N (lavaan's
// lav_fit_srmr.R, lav_residuals):
//   rmr  = √(mean of vech(S − Σ̂)²);  srmr (Bentler) = √mean of vech((s − σ)/√(sᵢᵢsⱼⱼ))²
//   crmr = √mean over off-diagonal vech of (r − ρ̂)², r and ρ̂ correlations
//   srmr_mplus = √{[Σ_{i<j}(r − ρ̂)² + Σᵢ((sᵢᵢ − σᵢᵢ)/sᵢᵢ)²] / p*}
// With a mean structure the mean residuals count too (scaled the same way);
// the _nomean versions leave them out.

enum Residuals {
  struct Summary {
    var rmr = 0.0, rmrNoMean = 0.0, srmr = 0.0, srmrNoMean = 0.0, crmr = 0.0, crmrNoMean = 0.0
    var mplus = 0.0, mplusNoMean = 0.0
    mutating func add(_ o: Summary, weight w: Double) {
      rmr += w * o.rmr; rmrNoMean += w * o.rmrNoMean; srmr += w * o.srmr; srmrNoMean += w * o.srmrNoMean
      crmr += w * o.crmr; crmrNoMean += w * o.crmrNoMean; mplus += w * o.mplus; mplusNoMean += w * o.mplusNoMean
    }
  }

  static func measures(_ f: FittedModel, into m: inout FitMeasures.Values) {
    if f.ordinal != nil { return ordinal(f, into: &m) }
    var r = Summary()
    for (g, w) in zip(f.groups, f.weights) { r.add(summary(g, means: f.meanstructure), weight: w) }
    (m[.rmr], m[.rmrNomean], m[.srmr], m[.srmrBentler], m[.srmrBentlerNomean]) = (r.rmr, r.rmrNoMean, r.srmr, r.srmr, r.srmrNoMean)
    (m[.crmr], m[.crmrNomean], m[.srmrMplus], m[.srmrMplusNomean]) = (r.crmr, r.crmrNoMean, r.mplus, r.mplusNoMean)
  }

  /// Ordered variables (lavaan for categorical data): correlation residuals
  /// (the diagonal counts as p zero residuals in rmr and srmr, not in crmr),
  /// the thresholds' residuals as the "means"; srmr is the version without
  /// them; no srmr_mplus.
  static func ordinal(_ f: FittedModel, into m: inout FitMeasures.Values) {
    var withTau = 0.0, without = 0.0, crmr = 0.0, crmrNoMean = 0.0
    for ((o, e), share) in zip(zip(f.ordinalSamples, OrdinalStatistics(f).residuals), f.weights) {
      let t = o.thresholdCount, pc = o.correlationCount, p = f.p
      let tau = e[0..<t].reduce(0) { $0 + $1 * $1 }, rho = e[t...].reduce(0) { $0 + $1 * $1 }
      let pstar = Double(pc + p)
      withTau += share * ((rho + tau) / (pstar + Double(t))).squareRoot()
      without += share * (rho / pstar).squareRoot()
      crmr += share * ((rho + tau) / Double(pc + t)).squareRoot()
      crmrNoMean += share * (rho / Double(pc)).squareRoot()
    }
    (m[.rmr], m[.rmrNomean], m[.srmr], m[.srmrBentler], m[.srmrBentlerNomean]) = (withTau, without, without, withTau, without)
    (m[.crmr], m[.crmrNomean]) = (crmr, crmrNoMean)
  }

  /// One group's summaries.
  static func summary(_ g: GroupFit, means: Bool) -> Summary {
    let p = g.layout.p
    let s = g.sampleCovariance
    let sigma = g.implied.sigma
    let m = g.data.moments.means
    let mu = g.implied.mu
    let pstar = Double(p * (p + 1) / 2)
    var rmr = 0.0, srmr = 0.0, crmr = 0.0, mplus = 0.0
    for j in 0..<p {
      for i in j..<p {
        let d = s[i, j] - sigma[i, j]
        rmr += d * d
        let sd = (s[i, i] * s[j, j]).squareRoot()
        srmr += (d / sd) * (d / sd)
        if i != j {
          let r = s[i, j] / sd - sigma[i, j] / (sigma[i, i] * sigma[j, j]).squareRoot()
          crmr += r * r
          mplus += r * r
        } else {
          let v = (s[i, i] - sigma[i, i]) / s[i, i]
          mplus += v * v
        }
      }
    }
    var rmrM = 0.0, srmrM = 0.0, mplusM = 0.0
    if means {
      for i in 0..<p {
        let d = m[i] - mu[i, 0]
        rmrM += d * d
        srmrM += d * d / s[i, i]
        let c = m[i] / s[i, i].squareRoot() - mu[i, 0] / sigma[i, i].squareRoot()
        mplusM += c * c
      }
    }
    let pm = means ? Double(p) : 0
    let offDiagonal = Double(p * (p - 1) / 2)
    var out = Summary()
    out.rmrNoMean = (rmr / pstar).squareRoot()
    out.rmr = ((rmr + rmrM) / (pstar + pm)).squareRoot()
    out.srmrNoMean = (srmr / pstar).squareRoot()
    out.srmr = ((srmr + srmrM) / (pstar + pm)).squareRoot()
    out.crmrNoMean = p > 1 ? (crmr / offDiagonal).squareRoot() : .nan
    out.crmr = p > 1 ? ((crmr + srmrM) / (offDiagonal + pm)).squareRoot() : .nan
    out.mplusNoMean = (mplus / pstar).squareRoot()
    out.mplus = ((mplus + mplusM) / (pstar + pm)).squareRoot()
    return out
  }
}
