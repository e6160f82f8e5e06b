// Incremental (comparative) fit indices from the model's and the baseline's
// χ² (lavaan's lav_fit_cfi.R):
//   cfi  = 1 − max(χ² − df, 0) / max(χ² − df, χ²_b − df_b, 0)     (Bentler 1990)
//   tli  = nnfi = 1 − [(χ² − df)·df_b] / [(χ²_b − df_b)·df]        (Tucker & Lewis 1973)
//   rfi  = (χ²_b/df_b − χ²/df) / (χ²_b/df_b)                       (Bollen 1986)
//   nfi  = (χ²_b − χ²)/χ²_b;  pnfi = (df/df_b)·nfi;  ifi = (χ²_b − χ²)/(χ²_b − df)
//   rni  = 1 − (χ² − df)/(χ²_b − df_b)
// The .scaled versions put the scaled χ² and χ²_b in; the .robust ones
// (Brosseau-Liard & Savalei 2014) keep χ² and put c·df, c_b·df_b in place of
// df, df_b (under FIML from the FIML-corrected T₃, c₃: RobustMissing.swift).

enum Incremental {
  struct Indices {
    var cfi, tli, rfi, nfi, pnfi, ifi, rni: Double
  }

  static func indices(_ chisq: Double, _ df: Double, _ chisqB: Double, _ dfB: Double, c: Double = 1, cBaseline cB: Double = 1) -> Indices {
    let cdf = df * c, cdfB = dfB * cB
    let t1 = max(chisq - cdf, 0), t2 = max(chisq - cdf, chisqB - cdfB, 0)
    let cfi = t1 == 0 && t2 == 0 ? 1 : 1 - t1 / t2
    let tliDen = (chisqB - cdfB) * df
    let tli = df > 0 && abs(tliDen) > 0 ? 1 - (chisq - cdf) * dfB / tliDen : 1
    var rfi = 1.0
    if df > dfB { rfi = .nan } else if df > 0 && dfB > 0 {
      let a = chisqB / dfB - chisq / df, b = chisqB / dfB
      rfi = a < 0 || b < 0 ? 1 : a / b
    }
    let nfi = df > dfB ? Double.nan : (df > 0 ? (chisqB - chisq) / chisqB : 1)
    let pnfi = dfB > 0 && chisqB > 0 ? (df / dfB) * (chisqB - chisq) / chisqB : .nan
    let ifiDen = chisqB - df
    let ifi = ifiDen < 0 ? 1 : (ifiDen == 0 ? .nan : (chisqB - chisq) / ifiDen)
    let rni = (chisqB - cdfB) == 0 ? Double.nan : 1 - (chisq - cdf) / (chisqB - cdfB)
    return Indices(cfi: cfi, tli: tli, rfi: rfi, nfi: nfi, pnfi: pnfi, ifi: ifi, rni: rni)
  }

  static func measures(test: ModelTest, baseline: BaselineModel, scaled: ScaledTest?, robust: RobustInput?, into m: inout FitMeasures.Values) {
    let plain = indices(test.chisq, test.df, baseline.chisq, baseline.df)
    (m[.cfi], m[.tli], m[.nnfi], m[.rfi], m[.nfi], m[.pnfi], m[.ifi], m[.rni]) =
      (plain.cfi, plain.tli, plain.tli, plain.rfi, plain.nfi, plain.pnfi, plain.ifi, plain.rni)
    if let scaled {
      let sc = indices(scaled.chisq, test.df, scaled.baselineChisq, baseline.df)
      (m[.cfiScaled], m[.tliScaled], m[.nnfiScaled], m[.rfiScaled], m[.nfiScaled], m[.pnfiScaled], m[.ifiScaled], m[.rniScaled]) =
        (sc.cfi, sc.tli, sc.tli, sc.rfi, sc.nfi, sc.pnfi, sc.ifi, sc.rni)
    }
    if let r = robust {
      let rb = indices(r.chisq, test.df, r.baselineChisq, baseline.df, c: r.c, cBaseline: r.baselineC)
      (m[.cfiRobust], m[.tliRobust], m[.nnfiRobust], m[.rniRobust]) = (rb.cfi, rb.tli, rb.tli, rb.rni)
    }
  }
}
