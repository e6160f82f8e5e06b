// A choice the user makes — the estimator, how missing data are handled, which
// items are ordered — as a library error names it. Messages speak in these
// domain terms ("the mlm estimator needs complete data"); the command line adds
// its options' names (--estimator, --missing: clusterstat/SettingFlags.swift),
// so a library never spells a flag, and another front end names its own fields.

public enum Setting: String, Sendable, CaseIterable, Codable {
  // Reading data
  case encoding, headerRow, dataLayout, missingCodes, includePersonalData, screenItems
  // Factor analysis and reliability
  case factors, extraction, correlationMethod
  // SEM
  case estimator, missing, ordered, group, groupEqual, parameterization, standardErrors, bollenStine, interaction, fitCutoffs
  // Regression and PROCESS
  case processModel, mediators, moderator, secondModerator, block, standardize
  // Group differences
  case levels
  // Grey, entropy and coupling
  case system, normalization, shift
  // The study
  case firms, firmsCodebook
}

extension ClassifiedError {
  /// The settings the failure is about; none by default.
  public var settings: [Setting] { [] }
}
