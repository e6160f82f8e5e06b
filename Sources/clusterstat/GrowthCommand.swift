import ArgumentParser
import ClusterStat

struct GrowthCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "growth",
    abstract: "Latent growth curve model (lavaan's growth()): growth factors' means, variances and paths.",
    discussion: """
      As sem, with lavaan's growth() defaults: a mean structure, the observed
      variables' intercepts fixed to 0 and the latent variables' means (or
      intercepts) free, so the intercept and slope factors carry the means.
      Fix the loadings to the time scores in the model.

      Examples:
        clusterstat growth --data Datasets/reference/Demo.growth.csv --syntax 'i =~ 1*t1 + 1*t2 + 1*t3 + 1*t4; s =~ 0*t1 + 1*t2 + 2*t3 + 3*t4'
        clusterstat growth --data Datasets/reference/Demo.growth.csv --syntax 'i =~ 1*t1 + 1*t2 + 1*t3 + 1*t4; s =~ 0*t1 + 1*t2 + 2*t3 + 3*t4; i + s ~ x1 + x2'
      """)

  @OptionGroup var options: ModelCommandOptions
  @OptionGroup var output: OutputOptions

  func run() throws { try ModelRunner.run(options, output, measurement: false, growth: true) }
}
