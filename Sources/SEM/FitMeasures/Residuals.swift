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

  /// Ordered variables (lavaan for categorical data, lav_residuals_summary):
  /// the covariance residuals below the diagonal — raw (rmr), divided by the
  /// sample standard deviations (srmr, Bentler) or as correlations of each
  /// side (crmr, Bollen); 1 for an ordered variable, so all three are the
  /// correlation residuals without continuous variables — with the diagonal
  /// counted as p zero residuals in rmr and srmr, not in crmr; the thresholds'
  /// residuals (not the continuous means) as the "means"; srmr is the version
  /// without them; no srmr_mplus.
  static func ordinal(_ f: FittedModel, into m: inout FitMeasures.Values) {
    var rmr = 0.0, rmrNoMean = 0.0, bentler = 0.0, bentlerNoMean = 0.0, crmr = 0.0, crmrNoMean = 0.0
    for ((o, e), share) in zip(zip(f.ordinalSamples, OrdinalStatistics(f).residuals), f.weights) {
      let p = o.names.count, pc = o.correlationCount
      let s = o.statistics
      var tau = 0.0, thresholds = 0, slot = 0
      for v in 0..<p {
        if o.numeric[v] { slot += 1; continue }
        for _ in o.thresholds[v] { tau += e[slot] * e[slot]; slot += 1; thresholds += 1 }
      }
      // Implied variances: the continuous ones from their residuals, 1 for the latent responses.
      var observedSD = [Double](repeating: 1, count: p), impliedSD = observedSD
      var k = o.thresholdCount
      for v in 0..<p where o.numeric[v] { observedSD[v] = s[k].squareRoot(); impliedSD[v] = (s[k] - e[k]).squareRoot(); k += 1 }
      var raw = 0.0, standardized = 0.0, correlation = 0.0
      for j in 0..<p {
        for i in (j + 1)..<max(j + 1, p) {
          let observed = s[k], implied = s[k] - e[k]
          raw += e[k] * e[k]
          // lavaan leaves elements below 1e-5 unscaled (lav_residuals_rescale).
          let scaleObserved = abs(observed) < 1e-5 ? 1 : 1 / (observedSD[i] * observedSD[j])
          let b = observed * scaleObserved - implied * (abs(implied) < 1e-5 ? 1 : 1 / (observedSD[i] * observedSD[j]))
          standardized += b * b
          let c = observed * scaleObserved - implied * (abs(implied) < 1e-5 ? 1 : 1 / (impliedSD[i] * impliedSD[j]))
          correlation += c * c
          k += 1
        }
      }
      let pstar = Double(pc + p), t = Double(thresholds)
      rmr += share * ((raw + tau) / (pstar + t)).squareRoot()
      rmrNoMean += share * (raw / pstar).squareRoot()
      bentler += share * ((standardized + tau) / (pstar + t)).squareRoot()
      bentlerNoMean += share * (standardized / pstar).squareRoot()
      crmr += share * ((correlation + tau) / (Double(pc) + t)).squareRoot()
      crmrNoMean += share * (correlation / Double(pc)).squareRoot()
    }
    (m[.rmr], m[.rmrNomean], m[.srmr], m[.srmrBentler], m[.srmrBentlerNomean]) = (rmr, rmrNoMean, bentlerNoMean, bentler, bentlerNoMean)
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
