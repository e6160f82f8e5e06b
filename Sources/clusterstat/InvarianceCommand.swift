import ArgumentParser
import ClusterStat
import Tables

/// --through: the steps of either sequence, by name.
enum InvarianceStepName: String, ExpressibleByArgument, CaseIterable {
  case configural, thresholds, metric, scalar, strict
}

struct InvarianceCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "invariance",
    abstract: "Measurement invariance across groups: configural → metric → scalar → strict, with Δχ², ΔCFI and ΔRMSEA.",
    discussion: """
      Fits the model (lavaan's cfa() defaults) once per step with more parameters
      equal across the groups of --group: none, loadings, + intercepts, + residual
      variances; compares each step with the one before (lavaan's lavTestLRT) and
      judges it by ΔCFI ≥ −0.010 and ΔRMSEA ≤ 0.015. --group-partial frees
      parameters (e.g. a non-invariant intercept) in every step.

      With --ordered (WLSMV): configural → thresholds → metric → scalar, identified
      as Wu & Estabrook (2016) and semTools' measEq.syntax do by default, compared by
      the scaled-shifted difference test of Satorra (2000) (lavTestLRT's default),
      with the scaled CFI, TLI and RMSEA.

      Examples:
        clusterstat invariance --data Datasets/reference/HolzingerSwineford1939.csv --group school --syntax 'visual =~ x1+x2+x3; textual =~ x4+x5+x6; speed =~ x7+x8+x9'
        clusterstat invariance --data Datasets/reference/HolzingerSwineford1939.csv --group school --model Benchmarks/models/hs_cfa.lav --group-partial 'x3~1' --format json
      """)

  @OptionGroup var input: ModelInputOptions

  @Option(name: .long, help: "The last step (thresholds: with --ordered only).")
  var through: InvarianceStepName = .strict

  @Option(name: .customLong("delta-cfi"), parsing: .unconditional, help: "Largest acceptable drop in CFI from one step to the next.")
  var deltaCFI: Double = 0.010

  @Option(name: .customLong("delta-rmsea"), parsing: .unconditional, help: "Largest acceptable rise in RMSEA from one step to the next.")
  var deltaRMSEA: Double = 0.015

  @OptionGroup var output: OutputOptions

  func validate() throws {
    guard input.group != nil else { throw ValidationError("invariance compares groups: give --group COLUMN") }
    guard input.groupEqual == nil else { throw ValidationError("invariance sets the equal parameters of each step itself; drop --group-equal") }
    if input.ordered == nil && through == .thresholds { throw ValidationError("--through thresholds is a step of ordered indicators: give --ordered") }
    guard deltaCFI > 0, deltaRMSEA > 0 else { throw ValidationError("--delta-cfi and --delta-rmsea must be positive") }
  }

  func run() throws {
    let frame = try input.reading.load(path: input.data!)
    // With ordered indicators the steps are configural, thresholds, metric, scalar (no strict).
    let list = input.ordered == nil ? Invariance.steps : Invariance.ordinalSteps
    let last = list.firstIndex { $0.name == through.rawValue } ?? list.count - 1
    let syntax = try input.modelText
    let options = try input.resolvingOrdered(input.semOptions(groupEqual: []), syntax: syntax, frame: frame)
    let result = try Invariance.run(syntax: syntax, data: frame, group: input.group!, options: options,
                                    through: last, deltaCFI: deltaCFI, deltaRMSEA: deltaRMSEA)
    try output.emit(result, tables: InvarianceTables.make(result, labels: output.labels),
                    title: output.labels[.invTitle])
    for w in result.warnings { writeWarning(w) }
  }
}
