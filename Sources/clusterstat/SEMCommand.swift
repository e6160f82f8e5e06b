import ArgumentParser
import ClusterStat

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
