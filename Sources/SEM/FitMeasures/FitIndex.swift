// lavaan's fitMeasures() keys, in the order lavaan (and ClusterStat's JSON)
// lists them. A family file (Incremental, RMSEA, Likelihood, Residuals, GFI,
// Other) sets the ones it computes; FitMeasures.compute lists those set, in
// this order. A new index is a case here and a line in its family.

public enum FitIndex: String, Sendable, CaseIterable, Codable {
  case npar, fmin, chisq, df, pvalue
  case chisqScaled = "chisq.scaled", dfScaled = "df.scaled", pvalueScaled = "pvalue.scaled"
  case chisqScalingFactor = "chisq.scaling.factor"
  case baselineChisq = "baseline.chisq", baselineDf = "baseline.df", baselinePvalue = "baseline.pvalue"
  case baselineChisqScaled = "baseline.chisq.scaled", baselineDfScaled = "baseline.df.scaled"
  case baselinePvalueScaled = "baseline.pvalue.scaled", baselineChisqScalingFactor = "baseline.chisq.scaling.factor"
  case cfi, tli, nnfi, rfi, nfi, pnfi, ifi, rni
  case cfiScaled = "cfi.scaled", tliScaled = "tli.scaled", nnfiScaled = "nnfi.scaled", rfiScaled = "rfi.scaled"
  case nfiScaled = "nfi.scaled", pnfiScaled = "pnfi.scaled", ifiScaled = "ifi.scaled", rniScaled = "rni.scaled"
  case cfiRobust = "cfi.robust", tliRobust = "tli.robust", nnfiRobust = "nnfi.robust", rniRobust = "rni.robust"
  case logl, unrestrictedLogl = "unrestricted.logl", aic, bic, ntotal, bic2
  case scalingFactorH1 = "scaling.factor.h1", scalingFactorH0 = "scaling.factor.h0"
  case rmsea, rmseaCILower = "rmsea.ci.lower", rmseaCIUpper = "rmsea.ci.upper", rmseaCILevel = "rmsea.ci.level"
  case rmseaPvalue = "rmsea.pvalue", rmseaCloseH0 = "rmsea.close.h0"
  case rmseaNotclosePvalue = "rmsea.notclose.pvalue", rmseaNotcloseH0 = "rmsea.notclose.h0"
  case rmseaScaled = "rmsea.scaled", rmseaCILowerScaled = "rmsea.ci.lower.scaled", rmseaCIUpperScaled = "rmsea.ci.upper.scaled"
  case rmseaPvalueScaled = "rmsea.pvalue.scaled", rmseaNotclosePvalueScaled = "rmsea.notclose.pvalue.scaled"
  case rmseaRobust = "rmsea.robust", rmseaCILowerRobust = "rmsea.ci.lower.robust", rmseaCIUpperRobust = "rmsea.ci.upper.robust"
  case rmseaPvalueRobust = "rmsea.pvalue.robust", rmseaNotclosePvalueRobust = "rmsea.notclose.pvalue.robust"
  case rmr, rmrNomean = "rmr_nomean", srmr, srmrBentler = "srmr_bentler", srmrBentlerNomean = "srmr_bentler_nomean"
  case crmr, crmrNomean = "crmr_nomean", srmrMplus = "srmr_mplus", srmrMplusNomean = "srmr_mplus_nomean"
  case cn05 = "cn_05", cn01 = "cn_01"
  case gfi, agfi, pgfi
  case mfi, ecvi
  /// Weighted root mean square residual (ordered variables).
  case wrmr

  /// The case's place in the declaration (lavaan's order), without hashing
  /// its string: a fieldless enum of fewer than 256 cases is stored as that index.
  var position: Int { Int(unsafeBitCast(self, to: UInt8.self)) }
}
