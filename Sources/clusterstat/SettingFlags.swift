import ClusterStat

// The command line's name for each setting a library error is about: the
// library says "the mlm estimator needs complete data", the command line adds
// "(options: --estimator, --missing)".

extension Setting {
  var flag: String {
    switch self {
    case .encoding: "--encoding"
    case .headerRow: "--header-row"
    case .dataLayout: "--data-layout"
    case .missingCodes: "--missing-codes"
    case .includePersonalData: "--include-personal-data"
    case .screenItems: "--screen-items"
    case .factors: "--factors"
    case .extraction: "--extract"
    case .correlationMethod: "--method"
    case .estimator: "--estimator"
    case .missing: "--missing"
    case .ordered: "--ordered"
    case .group: "--group"
    case .groupEqual: "--group-equal"
    case .parameterization: "--parameterization"
    case .standardErrors: "--se"
    case .bollenStine: "--bollen-stine"
    case .interaction: "--interaction"
    case .fitCutoffs: "--cutoffs"
    case .processModel: "--model"
    case .mediators: "--m"
    case .moderator: "--w"
    case .secondModerator: "--z"
    case .block: "--block"
    case .standardize: "--standardize"
    case .levels: "--levels"
    case .system: "--system"
    case .normalization: "--normalize"
    case .shift: "--shift"
    case .firms: "--firms"
    case .firmsCodebook: "--firms-codebook"
    }
  }
}

extension ClassifiedError {
  /// The message with the options it is about, as the command line prints it.
  var withOptionHint: String {
    settings.isEmpty ? description : "\(description) (\(settings.count == 1 ? "option" : "options"): \(settings.map(\.flag).joined(separator: ", ")))"
  }
}
