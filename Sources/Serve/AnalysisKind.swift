// The analyses the page can run, each one a CLI command, and the options its
// JSON body may carry: the command's own options under their command-line
// names, and nothing that names a file. The server adds --data, --codebook and
// the reading options (ReadingSettings) itself, and the figure files
// (--diagram, --scree, --plot) inside a run folder of its own; options that
// read or write a path the client would choose (--model, --cov of cfa/sem,
// --out, --include-personal-data, --threads) are not on any list, so a body
// naming one is refused with 400.

public enum AnalysisKind: String, CaseIterable, Sendable, Codable {
  case describe, reliability, adequacy, efa, cfa, sem, corr, process, ttest, anova, crosstab, regress, invariance, cmb
  case grey, entropy, coupling

  /// The CLI subcommand that runs it.
  public var command: String { rawValue }

  /// How an option is written on the command line.
  public enum OptionShape: Sendable, Equatable {
    /// --name (true) or nothing (false).
    case flag
    /// --name=value.
    case value
    /// --name=v1 --name=v2 … (a JSON array).
    case repeated
  }

  /// Options every command takes: table language and p-value style.
  static let common: [String: OptionShape] = ["lang": .value, "p-style": .value]

  static let model: [String: OptionShape] = [
    "syntax": .value, "estimator": .value, "ordered": .value, "parameterization": .value, "missing": .value,
    "group": .value, "group-equal": .value, "group-partial": .value, "std-lv": .flag, "meanstructure": .flag,
    "orthogonal": .flag, "max-iterations": .value, "interaction": .repeated,
  ]

  static let fit: [String: OptionShape] = [
    "ci-level": .value, "se": .value, "bootstrap": .value, "seed": .value, "bollen-stine": .flag,
    "modindices": .flag, "layout": .value, "cutoffs": .value,
  ]

  /// grey, entropy and coupling: normalisation and directions (IndicatorOptions).
  static let indicators: [String: OptionShape] = ["normalize": .value, "cost": .value, "id": .value, "missing": .value]

  /// The options a request body may give.
  public var options: [String: OptionShape] {
    let own: [String: OptionShape]
    switch self {
    case .describe: own = ["items": .value, "freq": .value]
    case .reliability:
      own = ["items": .value, "scale": .repeated, "ci-level": .value, "alpha-cutoff": .value, "citc-cutoff": .value,
             "check-keys": .flag, "reverse": .value, "omega-factors": .value, "ordinal": .flag, "use": .value]
    case .adequacy: own = ["items": .value, "cor": .value, "use": .value]
    case .efa:
      own = ["items": .value, "factors": .value, "extract": .value, "rotate": .value, "cut": .value, "iterations": .value,
             "seed": .value, "parallel-threshold": .value, "cor": .value, "use": .value]
    case .cfa, .sem: own = Self.model.merging(Self.fit) { a, _ in a }
    case .invariance: own = Self.model.merging(["through": .value, "delta-cfi": .value, "delta-rmsea": .value]) { a, _ in a }
    case .corr: own = ["items": .value, "method": .value, "use": .value, "diagonal": .value]
    case .process:
      own = ["model": .value, "y": .value, "x": .value, "m": .value, "w": .value, "z": .value, "cov": .value,
             "center": .value, "bootstrap": .value, "seed": .value, "probe": .value, "jn": .flag]
    case .ttest: own = ["y": .value, "group": .value, "levels": .value, "paired": .value, "mu": .value, "ci-level": .value]
    case .anova: own = ["y": .value, "group": .value, "posthoc": .value]
    case .crosstab: own = ["rows": .value, "cols": .value]
    case .regress: own = ["y": .value, "block": .repeated, "robust": .value, "standardize": .flag]
    case .cmb: own = ["scale": .repeated]
    case .grey:
      own = Self.indicators.merging([
        "reference": .value, "compare": .value, "system": .repeated, "rho": .value, "degree": .value, "theta": .value,
        "extremes": .value, "weights": .value,
      ]) { a, _ in a }
    case .entropy: own = Self.indicators.merging(["items": .value, "shift": .flag, "topsis": .flag]) { a, _ in a }
    case .coupling:
      own = Self.indicators.merging([
        "system": .repeated, "weights": .value, "alpha": .value, "model": .value, "levels": .value, "level-names": .value,
      ]) { a, _ in a }
    }
    return own.merging(Self.common) { a, _ in a }
  }

  /// The figure the server asks for, in the run's own folder: the option and the file name.
  var figure: (option: String, file: String)? {
    switch self {
    case .cfa, .sem: return ("diagram", "diagram.svg")
    case .efa: return ("scree", "scree.svg")
    default: return nil
    }
  }

  /// Long runs (bootstrap) need more than the default time.
  var mayTakeLong: Bool { self == .cfa || self == .sem || self == .process || self == .invariance }
}
