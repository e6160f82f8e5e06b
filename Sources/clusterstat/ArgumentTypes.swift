import ArgumentParser
import ClusterStat

// Options whose value is one of a few forms (a keyword or numbers): typed
// here, parsed once by ArgumentParser (its error names the option and the
// forms), so a command's run() never re-reads a string.

/// `--factors k|auto`.
enum FactorCount: ExpressibleByArgument, Equatable {
  case auto
  case fixed(Int)

  init?(argument: String) {
    if argument.lowercased() == "auto" { self = .auto; return }
    guard let k = Int(argument), k >= 1 else { return nil }
    self = .fixed(k)
  }

  var defaultValueDescription: String { if case .fixed(let k) = self { "\(k)" } else { "auto" } }

  var count: Int? { if case .fixed(let k) = self { k } else { nil } }
}

/// `--parallel-threshold q|mean`: a quantile in (0, 1) of the simulated eigenvalues, or their mean.
enum ParallelThreshold: ExpressibleByArgument, Equatable {
  case quantile(Double)
  case mean

  init?(argument: String) {
    if argument.lowercased() == "mean" { self = .mean; return }
    guard let q = parseDecimal(argument), q > 0, q < 1 else { return nil }
    self = .quantile(q)
  }

  var defaultValueDescription: String { if case .quantile(let q) = self { formatNumberCompact(q) } else { "mean" } }

  /// EFAOptions.parallelQuantile: nil for the mean.
  var quantile: Double? { if case .quantile(let q) = self { q } else { nil } }
}

/// `--weights entropy|equal|w1,w2,…` of the coupling model's indicators.
enum IndicatorWeights: ExpressibleByArgument, Equatable {
  case entropy, equal
  case given([Double])

  init?(argument: String) {
    switch argument.lowercased() {
    case "entropy": self = .entropy
    case "equal": self = .equal
    default:
      guard let w = try? numberList(argument, option: "--weights"), !w.isEmpty else { return nil }
      self = .given(w)
    }
  }

  var defaultValueDescription: String {
    switch self {
    case .entropy: "entropy"
    case .equal: "equal"
    case .given(let w): w.map(formatNumberCompact).joined(separator: ",")
    }
  }

  /// The name the result's JSON records (`weight_method`).
  var method: String {
    switch self {
    case .entropy: "entropy"
    case .equal: "equal"
    case .given: "given"
    }
  }
}

/// `--levels 10|k|c1,…,1`: the usual ten coordination levels, k equal levels, or upper cut-offs ending at 1.
enum LevelChoice: ExpressibleByArgument, Equatable {
  case equal(Int)
  case cutoffs([Double])

  init?(argument: String) {
    if argument.contains(",") {
      guard let cutoffs = try? numberList(argument, option: "--levels") else { return nil }
      self = .cutoffs(cutoffs)
    } else {
      guard let k = Int(argument), k >= 2 else { return nil }
      self = .equal(k)
    }
  }

  var defaultValueDescription: String {
    switch self {
    case .equal(let k): "\(k)"
    case .cutoffs(let c): c.map(formatNumberCompact).joined(separator: ",")
    }
  }
}

/// A comma-separated list of a closed choice: `--posthoc tukey,games-howell`, `--group-equal loadings,intercepts`,
/// `--against lavaan,openmx`.
struct ValueList<Value: CaseIterable & RawRepresentable>: ExpressibleByArgument where Value.RawValue == String {
  var values: [Value]

  init?(argument: String) {
    var out: [Value] = []
    for part in argument.split(separator: ",") {
      guard let v = Value(rawValue: part.trimmingCharacters(in: .whitespaces).lowercased()) else { return nil }
      out.append(v)
    }
    guard !out.isEmpty else { return nil }
    values = out
  }

  static var allValueStrings: [String] { Value.allCases.map(\.rawValue) }
}
