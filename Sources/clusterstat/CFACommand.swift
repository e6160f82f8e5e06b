import ArgumentParser
import ClusterStat
import Tables

struct CFACommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "cfa",
    abstract: "Confirmatory factor analysis (lavaan's cfa()): estimates, fit indices, R².",
    discussion: """
      The model is lavaan syntax; defaults are lavaan's cfa(): first loading fixed
      to 1 (or --std-lv), residual variances free, factor covariances free.

      Examples:
        clusterstat cfa --data Datasets/reference/HolzingerSwineford1939.csv --syntax 'visual =~ x1+x2+x3; textual =~ x4+x5+x6; speed =~ x7+x8+x9'
        clusterstat cfa --data Datasets/reference/HolzingerSwineford1939.csv --model Benchmarks/models/hs_cfa.lav --std-lv --format json --out cfa.json
        clusterstat cfa --cov Datasets/reference/HolzingerSwineford1939-cov.csv --nobs 301 --syntax 'f =~ x1 + x2 + x3' --layout lavaan
        clusterstat cfa --data Datasets/reference/HolzingerSwineford1939-ordinal.csv --syntax 'visual =~ x1+x2+x3; textual =~ x4+x5+x6; speed =~ x7+x8+x9' --ordered all
      """)

  @OptionGroup var options: ModelCommandOptions
  @OptionGroup var output: OutputOptions

  func run() throws { try ModelRunner.run(options, output, measurement: true) }
}

struct SEMCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "sem",
    abstract: "Structural equation model (lavaan's sem()): paths, defined effects, fit indices, R².",
    discussion: """
      As cfa, with lavaan's sem() defaults: exogenous latent variables covary,
      purely dependent variables' residuals covary, observed covariates are fixed.x.
      Indirect effects are defined parameters with delta-method standard errors:
        ind := a*b

      Examples:
        clusterstat sem --data Datasets/reference/PoliticalDemocracy.csv --model Benchmarks/models/polidem.lav
        clusterstat sem --data Datasets/reference/HolzingerSwineford1939.csv --syntax 'visual =~ x1+x2+x3; textual =~ x4+x5+x6; textual ~ a*visual; speed =~ x7+x8+x9; speed ~ b*textual + c*visual; ind := a*b'
      """)

  @OptionGroup var options: ModelCommandOptions
  @OptionGroup var output: OutputOptions

  func run() throws { try ModelRunner.run(options, output, measurement: false) }
}

enum ModelRunner {
  static func run(_ options: ModelCommandOptions, _ output: OutputOptions, measurement: Bool, growth: Bool = false) throws {
    let (fitted, result) = try options.fit(measurement: measurement, growth: growth)
    let cutoffs = try FitCutoffs.parse(options.cutoffs)
    var tables = SEMTables.make(result, layout: options.layout, cutoffs: cutoffs, labels: output.labels)
    let L = output.labels
    // What the fit and the paths say, under the fit table.
    if let k = tables.firstIndex(where: { $0.title == L["fit.title"] }) {
      for text in [Interpretation.fit(result, cutoffs, L), Interpretation.validity(result, L), Interpretation.paths(result, L)] where !text.isEmpty {
        tables[k].notes.append("\(L["interpretation"]): \(text)")
      }
    }
    try output.emit(result, tables: tables,
                    title: output.labels["sem.title"])
    try options.writeDiagrams(result, title: output.labels["sem.title"])
    if result.dropped > 0 {
      writeNote(Note(en: "listwise deletion dropped \(result.dropped) row\(result.dropped == 1 ? "" : "s") with missing values; \(fitted.n) used",
                     zh: "成列删除了 \(result.dropped) 个含缺失值的个案，使用 \(fitted.n) 个", warning: true))
    }
    // The typed problems in the output's language; any other warning as it is.
    for d in result.diagnostics { writeNote(Note(en: d.description, zh: d.chinese, warning: true)) }
    for w in result.untypedWarnings { writeWarning(w) }
    if result.improper {
      let count = result.improperWarnings.count
      throw StatisticalFailure(description: "improper solution (\(count) problem\(count == 1 ? "" : "s"), listed above and at the top of the output); the estimates are printed for diagnosis and must not be reported as a fitted model")
    }
  }
}
