import ArgumentParser
import ClusterStat
import Tables

extension PostHocMethod: ExpressibleByArgument {}

struct ANOVACommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "anova",
    abstract: "One-way ANOVA with Welch's and Brown–Forsythe's F, Levene's test and post-hoc comparisons (R's aov, oneway.test, TukeyHSD).",
    discussion: """
      Per variable: group means and SDs, F, η², ω², the two heteroscedastic
      F tests and Levene's test (centred on the mean, SPSS's). --posthoc adds
      pairwise comparisons: tukey, games-howell, lsd, bonferroni, scheffe.

      Examples:
        clusterstat anova --data Datasets/reference/bfi.csv --y A1:A5 --group education --posthoc tukey,games-howell
        clusterstat anova --data Datasets/reference/HolzingerSwineford1939.csv --y x1 --group ageyr --format json
      """)

  @OptionGroup var input: DataOptions

  @Option(name: .long, help: ArgumentHelp("The variables to compare: x1,x2 or x1:x9.", valueName: "cols"))
  var y: String

  @Option(name: .long, help: ArgumentHelp("The grouping column.", valueName: "col"))
  var group: String

  @Option(name: .long, help: ArgumentHelp("Post-hoc methods: \(PostHocMethod.allCases.map(\.rawValue).joined(separator: ", ")).", valueName: "m,…"))
  var posthoc: ValueList<PostHocMethod>?

  @OptionGroup var output: OutputOptions

  var methods: [PostHocMethod] { posthoc?.values ?? [] }

  func run() throws {
    let frame = try input.load(columns: [y, group])
    let g = try Categorical.from(frame, column: group)
    let results = try frame.resolve(y).map { v in try ANOVA.oneWay(GroupedSample.from(frame, variable: v, by: g), posthoc: methods) }
    struct Output: Encodable { var anova: [ANOVAResult] }
    try output.emit(Output(anova: results), tables: DifferencesTables.anova(results, output.labels), title: output.labels[.anovaTitle])
  }
}
