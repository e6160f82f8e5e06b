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
