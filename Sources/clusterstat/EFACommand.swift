import ArgumentParser
import ClusterStat
import Tables
import Foundation

/// psych's `cor =` choices that ClusterStat offers.
extension ExtractionMethod: ExpressibleByArgument {}
extension RotationMethod: ExpressibleByArgument {}

enum FactoredCorrelation: String, ExpressibleByArgument, CaseIterable {
  case pearson, poly
}

struct EFACommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "efa",
    abstract: "Exploratory factor analysis (psych::fa, psych::principal) with rotations and parallel analysis.",
    discussion: """
      Extraction: minres (psych's default), pa (principal axis), ml, pca
      (principal components). Rotation: oblimin (default for factors, as
      psych::fa), varimax (default for pca, as psych::principal), quartimax,
      promax, geomin, none. --factors auto takes the count parallel analysis
      suggests (psych::fa.parallel, 20 seeded replicates, one-factor fits bounded
      as psych bounds them) and prints it with the eigenvalue > 1 count.
      Missing values are handled pairwise, as psych::fa does (N = all rows), or
      listwise with --use listwise. Loadings are sorted by main factor; --cut hides
      small ones in text output (the rotated matrix of SPSS). The scree plot
      (SVG) goes beside --out, or where --scree says.

      Examples:
        clusterstat efa --data Datasets/reference/bfi.csv --items A1:O5 --factors auto --rotate oblimin
        clusterstat efa --data Datasets/reference/bfi.csv --items A1:O5 --factors 5 --extract pca --rotate varimax --cut 0.4
        clusterstat efa --data Datasets/cluster-enterprise/responses-wjx.xlsx --codebook Datasets/cluster-enterprise/codebook.yaml --items NC --factors auto --format html --out efa.html
      """)

  @OptionGroup var input: DataOptions

  @Option(name: .long, help: ArgumentHelp("The items: x1,x2 or x1:x9.", valueName: "cols"))
  var items: String

  @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Number of factors, or auto (parallel analysis).", valueName: "k|auto"))
  var factors: FactorCount = .auto

  @Option(name: .long, help: "Extraction.")
  var extract: ExtractionMethod = .minres

  @Option(name: .long, help: "Rotation (default: oblimin; varimax for pca).")
  var rotate: RotationMethod?

  @Option(name: .long, parsing: .unconditional, help: "Hide loadings with absolute value below this in text output.")
  var cut: Double = 0

  @Option(name: .long, parsing: .unconditional, help: "Parallel-analysis replicates.")
  var iterations: Int = 20

  @Option(name: .long, parsing: .unconditional, help: "Seed of the parallel-analysis replicates.")
  var seed: UInt64 = 20180501

  @Option(name: .customLong("parallel-threshold"),
          help: ArgumentHelp("Parallel analysis keeps factors whose eigenvalue exceeds this quantile of the simulated ones (psych: 0.95), or their mean.", valueName: "q|mean"))
  var parallelThreshold: ParallelThreshold = .quantile(0.95)

  @Option(name: .long, help: ArgumentHelp("Write the scree plot (SVG) here.", valueName: "file.svg"))
  var scree: String?

  @Option(name: .long, help: "The matrix factored: pearson, or poly (polychoric correlations of ordinal items, psych's fa(cor = \"poly\")).")
  var cor: FactoredCorrelation = .pearson

  @OptionGroup var missingValues: MissingOptions

  @OptionGroup var output: OutputOptions

  func validate() throws {
    guard iterations >= 2 else { throw ValidationError("--iterations must be at least 2") }
    guard cut >= 0, cut < 1 else { throw ValidationError("--cut must lie in [0, 1)") }
  }

  func run() throws {
    let frame = try input.load(columns: [items])
    let sample = cor == .poly
      ? try ItemSample.polychoric(frame, items: try frame.resolve(items), minimumItems: 2, use: missingValues.use, purpose: "factor analysis")
      : try ItemSample.from(frame, items: try frame.resolve(items), minimumItems: 2, use: missingValues.use, purpose: "factor analysis")
    let method = extract
    var options = EFAOptions(method: method, rotation: rotate ?? (method == .pca ? .varimax : .oblimin), factors: factors.count)
    options.parallelIterations = iterations
    options.seed = seed
    options.parallelQuantile = parallelThreshold.quantile
    var result = try EFA.run(sample, options: options)
    if result.parallel == nil, sample.p >= 3, scree != nil || output.out != nil {
      // With --factors k parallel analysis only draws the scree plot's second
      // line: it decides nothing, so a failure of it costs only that line.
      result.parallel = try? ParallelAnalysis.run(sample.correlation, n: sample.n, iterations: iterations, seed: seed,
                                                  quantile: options.parallelQuantile)
    }
    for w in result.warnings { writeWarning(w) }
    let L = output.labels
    var svg: String?
    if let pa = result.parallel {
      svg = ScreePlot.svg(observed: method == .pca ? pa.observedComponents : pa.observedFactors,
                          parallel: method == .pca ? pa.simulatedComponentsQuantile : pa.simulatedFactorsQuantile,
                          title: L[.efaScree], xLabel: L[.efaFactor], yLabel: L[.efaEigenvalue],
                          observedLabel: L[.efaObserved], parallelLabel: L[pa.quantile == nil ? .efaParallelMean : .efaParallel95])
    }
    let screePath = scree ?? output.out.map { path in
      let url = URL(fileURLWithPath: path)
      return url.deletingPathExtension().path + "-scree.svg"
    }
    var tables = PsychometricsTables.efa(result, cut: cut, labels: L)
    if !tables.isEmpty { tables[tables.count - 1].notes.append("\(L[.interpretation]): \(Interpretation.factorAnalysis(result, cut: cut > 0 ? cut : Interpretation.salientLoading, L))") }
    try output.emit(result, tables: tables, title: L[.efaTitle])
    if let screePath, let svg { try OutputFile.write(svg, to: screePath) }
    let improper = result.warnings.filter(\.improper)
    if !improper.isEmpty {
      throw StatisticalFailure(description: "improper solution: \(improper.map(\.en).joined(separator: "; ")). The loadings above are printed for diagnosis; extract fewer factors or drop the item.")
    }
  }
}
