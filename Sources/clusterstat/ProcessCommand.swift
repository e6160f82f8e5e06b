import ArgumentParser
import Foundation
import ClusterStat
import Tables

extension ProcessModel: ExpressibleByArgument {}
extension ProbeValues: ExpressibleByArgument {}
extension Centering: ExpressibleByArgument {}

struct ProcessCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "process",
    abstract: "Moderation, mediation and conditional process analysis: Hayes' PROCESS models 1, 2, 3, 4, 6, 7, 8, 14, 15, 58, 59.",
    discussion: """
      Every equation by OLS with the covariates in each; conditional effects at
      the moderator's mean ± 1 SD (or its 16th/50th/84th percentiles, or both
      values of a dichotomous moderator); Johnson–Neyman regions for model 1;
      indirect effects, the index of moderated mediation (models 7, 8, 14, 15)
      and, where the indirect effect is quadratic in W (58, 59), contrasts
      between probed values, with percentile bootstrap intervals — seeded, the
      same on any number of threads.

      Examples:
        clusterstat process --data Datasets/reference/HolzingerSwineford1939.csv --model 1 --x x1 --w x7 --y x9 --cov ageyr --plot slopes.svg
        clusterstat process --data Datasets/reference/HolzingerSwineford1939.csv --model 4 --x x1 --m x4,x5 --y x9 --bootstrap 5000 --seed 1
        clusterstat process --data Datasets/reference/HolzingerSwineford1939.csv --model 7 --x x1 --m x4 --w x7 --y x9 --center mean --format json
      """)

  @OptionGroup var input: DataOptions

  @Option(name: .long, help: ArgumentHelp("PROCESS model number: \(ProcessModel.allCases.map { String($0.rawValue) }.joined(separator: ", ")).", valueName: "N"))
  var model: ProcessModel

  @Option(name: .long, help: ArgumentHelp("The outcome Y.", valueName: "col"))
  var y: String

  @Option(name: .long, help: ArgumentHelp("The focal predictor X.", valueName: "col"))
  var x: String

  @Option(name: .long, help: ArgumentHelp("Mediators (several for models 4 and 6).", valueName: "cols"))
  var m: String?

  @Option(name: .long, help: ArgumentHelp("The moderator W.", valueName: "col"))
  var w: String?

  @Option(name: .long, help: ArgumentHelp("The second moderator Z (models 2 and 3).", valueName: "col"))
  var z: String?

  @Option(name: .long, help: ArgumentHelp("Covariates, in every equation.", valueName: "cols"))
  var cov: String?

  @Option(name: .long, help: "Mean-centre the variables that form products: none or mean.")
  var center: Centering = .none

  @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Bootstrap resamples for indirect effects.", valueName: "B"))
  var bootstrap: Int = 5000

  @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Seed of the bootstrap: the same seed gives the same result on any number of threads.", valueName: "S"))
  var seed: UInt64 = 20180501

  @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Bootstrap threads (default: 2).", valueName: "n"))
  var threads: Int?

  @Option(name: .long, help: "Moderator values probed: mean-sd or percentiles (16th, 50th, 84th).")
  var probe: ProbeValues = .meanSD

  @Flag(name: .long, help: "Johnson–Neyman regions of significance (model 1; always given there).")
  var jn = false

  @Option(name: .long, help: ArgumentHelp("Write the simple-slopes plot (models 1–3) here, and the Johnson–Neyman plot (model 1) beside it as NAME-jn.svg.", valueName: "file.svg"))
  var plot: String?

  @OptionGroup var output: OutputOptions

  func validate() throws {
    guard bootstrap == 0 || bootstrap >= 200 else { throw ValidationError("--bootstrap takes 0 (none) or at least 200 resamples (PROCESS's default is 5000)") }
    if let threads, threads < 1 { throw ValidationError("--threads must be 1 or more") }
  }

  func run() throws {
    let frame = try input.load(columns: [y, x, m, w, z, cov].compactMap { $0 })
    let variables = ProcessVariables(
      x: try single(frame, x, "--x"), y: try single(frame, y, "--y"), m: try m.map { try frame.resolve($0) } ?? [],
      w: try w.map { try single(frame, $0, "--w") }, z: try z.map { try single(frame, $0, "--z") },
      covariates: try cov.map { try frame.resolve($0) } ?? [])
    var options = ProcessOptions()
    options.bootstrap = bootstrap
    options.seed = seed
    options.center = center
    options.probe = probe
    options.johnsonNeyman = jn
    options.threads = threads
    let r = try Process.run(frame, model: model, variables: variables, options: options)
    for warning in r.warnings { writeWarning(warning) }
    try output.emit(r, tables: RegressionTables.process(r, output.labels), title: "PROCESS \(model.rawValue)")
    if let plot {
      let figures = ProcessFigures.make(r, output.labels)
      guard !figures.isEmpty else { throw InputError("--plot draws the simple slopes of a moderation model (1, 2 or 3); model \(model.rawValue) has none") }
      try OutputFile.write(figures[0].svg, to: plot)
      if figures.count > 1 {
        try OutputFile.write(figures[1].svg, to: URL(fileURLWithPath: plot).deletingPathExtension().path + "-jn.svg")
      }
    }
  }

  func single(_ frame: DataFrame, _ spec: String, _ option: String) throws -> String {
    let names = try frame.resolve(spec)
    guard names.count == 1 else { throw InputError("\(option) takes one variable; '\(spec)' names \(names.count)") }
    return names[0]
  }
}
