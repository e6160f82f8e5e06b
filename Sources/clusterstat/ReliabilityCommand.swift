import ArgumentParser
import ClusterStat
import Tables

struct ReliabilityCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "reliability",
    abstract: "Cronbach's α with item statistics (psych::alpha, SPSS's Item-Total Statistics) and McDonald's ω.",
    discussion: """
      Per scale: raw and standardised α with Feldt's and Duhachek's intervals,
      Guttman's λ6, the average inter-item r, ω total from a one-factor model
      (three or more items); per item: mean, sd, corrected item-total
      correlation (CITC, psych's r.drop), α if deleted, squared multiple
      correlation, scale mean and variance if deleted. Missing values pairwise
      as psych::alpha (N = all rows), or --use listwise. Items under the CITC
      cut-off and scales under the α cut-off are flagged; an item that
      correlates negatively with the rest gets a hint. --check-keys reverses
      items as psych's check.keys = TRUE; --reverse names them. ω two ways:
      semTools' compRelSEM (one-factor CFA) and psych::omega's ω_h and ω_t
      (Schmid–Leiman, --omega-factors group factors).

      Examples:
        clusterstat reliability --data Datasets/reference/HolzingerSwineford1939.csv --items x4:x6
        clusterstat reliability --data Datasets/reference/HolzingerSwineford1939.csv --scale visual=x1:x3 --scale textual=x4:x6 --scale speed=x7:x9
        clusterstat reliability --data Datasets/cluster-enterprise/responses-wjx.xlsx --codebook Datasets/cluster-enterprise/codebook.yaml --scale RE=RE1:RE5 --alpha-cutoff 0.8 --format json
        clusterstat reliability --data Datasets/cluster-enterprise/responses-wjx.xlsx --codebook Datasets/cluster-enterprise/codebook.yaml          # every scale of the codebook
        clusterstat reliability --data Datasets/cluster-enterprise/responses-wjx.xlsx --codebook Datasets/cluster-enterprise/codebook.yaml --items RE
        clusterstat reliability --data Datasets/reference/bfi.csv --items A1:A5 --check-keys
        clusterstat reliability --data Datasets/reference/bfi.csv --items C1:C5 --reverse C4,C5 --use listwise
      """)

  @OptionGroup var input: DataOptions

  @Option(name: .long, help: ArgumentHelp("The items of one scale: x1,x2 or x1:x9.", valueName: "cols"))
  var items: String?

  @Option(name: .long, help: ArgumentHelp("A named scale, NAME=COLS; repeat for several.", valueName: "name=cols"))
  var scale: [String] = []

  @Option(name: .customLong("ci-level"), parsing: .unconditional, help: "Confidence level of the α intervals.")
  var ciLevel: Double = 0.95

  @Option(name: .customLong("alpha-cutoff"), parsing: .unconditional, help: "Flag scales with α below this (Nunnally 1978: 0.70).")
  var alphaCutoff: Double = 0.7

  @Option(name: .customLong("citc-cutoff"), parsing: .unconditional, help: "Flag items with CITC below this (Nunnally & Bernstein 1994: 0.30).")
  var citcCutoff: Double = 0.3

  @Flag(name: .customLong("check-keys"), help: "Reverse items that load negatively on the first principal component (psych's check.keys = TRUE).")
  var checkKeys = false

  @Option(name: .long, help: ArgumentHelp("Reverse these items (min + max − x) before the analysis.", valueName: "cols"))
  var reverse: String?

  @Option(name: .customLong("omega-factors"), parsing: .unconditional, help: ArgumentHelp("Group factors of psych::omega's Schmid–Leiman solution (default 3, lowered to what the items identify).", valueName: "k"))
  var omegaFactors: Int?

  @Flag(name: .long, help: "Treat the items as ordinal: α and ω from their polychoric correlations (ordinal α, Zumbo et al. 2007).")
  var ordinal = false

  @OptionGroup var missingValues: MissingOptions

  @OptionGroup var output: OutputOptions

  func validate() throws {
    guard (items != nil) || !scale.isEmpty || input.reading.codebook != nil else {
      throw ValidationError("give the items with --items COLS, one or more --scale NAME=COLS, or a --codebook with scales")
    }
    guard items == nil || scale.isEmpty else { throw ValidationError("--items and --scale are alternatives; give one") }
    for s in scale where !s.contains("=") { throw ValidationError("--scale takes NAME=COLS, e.g. visual=x1:x3 (got '\(s)')") }
    guard ciLevel > 0, ciLevel < 1 else { throw ValidationError("--ci-level must lie in (0, 1)") }
    guard !(checkKeys && reverse != nil) else { throw ValidationError("--check-keys and --reverse are alternatives; give one") }
    if let omegaFactors, omegaFactors < 1 { throw ValidationError("--omega-factors must be 1 or more") }
  }

  var scales: [(name: String, spec: String)] {
    if let items {
      let single = !items.contains(where: { $0 == "," || $0 == ":" || $0 == " " || $0 == "，" })
      return [(single ? items : "scale", items)]
    }
    return scale.map { s in
      let i = s.firstIndex(of: "=")!
      return (String(s[..<i]).trimmingCharacters(in: .whitespaces), String(s[s.index(after: i)...]))
    }
  }

  func run() throws {
    var scales = self.scales
    let ingest = try input.ingest(columns: scales.map(\.spec) + (reverse.map { [$0] } ?? []))
    let frame = ingest.frame
    if scales.isEmpty {
      // Every first-order scale of the codebook, in its order.
      scales = (ingest.codebook?.scales ?? []).filter { $0.items != nil }.map { ($0.name, $0.name) }
      if scales.isEmpty { throw InputError(file: input.reading.codebook, "the codebook defines no scales with items") }
    }
    var results: [ScaleReliability] = []
    let reversedItems = try reverse.map { try frame.resolve($0) } ?? []
    var reversedUsed = Set<String>()
    for (name, spec) in scales {
      let items = try frame.resolve(spec)
      let sample = ordinal
        ? try ItemSample.polychoric(frame, items: items, use: missingValues.use, purpose: "reliability of '\(name)'")
        : try ItemSample.from(frame, items: items, use: missingValues.use, purpose: "reliability of '\(name)'")
      let mine = reversedItems.filter(items.contains)
      reversedUsed.formUnion(mine)
      let keys: ReverseKeys = checkKeys ? .check : (mine.isEmpty ? .none : .items(mine))
      if omegaFactors != nil, items.count < 3 {
        throw InputError("ω needs at least 3 items; '\(name)' has \(items.count) (drop --omega-factors for it)")
      }
      if let k = omegaFactors, k > EFA.maximumFactors(items: items.count, method: .minres) {
        throw InputError("--omega-factors \(k) is more than the \(items.count) items of '\(name)' identify (at most \(EFA.maximumFactors(items: items.count, method: .minres)))")
      }
      results.append(try Reliability.alpha(sample, name: name, ciLevel: ciLevel, omegaTotal: Omega.total, keys: keys, omegaFactors: omegaFactors))
    }
    if let stray = reversedItems.first(where: { !reversedUsed.contains($0) }) {
      throw InputError(column: stray, "is named in --reverse but is not an item of any scale analysed")
    }
    let report = ReliabilityReport(scales: results, alphaCutoff: alphaCutoff, citcCutoff: citcCutoff, checkKeys: checkKeys)
    var tables = PsychometricsTables.reliability(report, output.labels)
    tables[0].notes.append("\(output.labels[.interpretation]): \(Interpretation.reliability(report, output.labels))")
    try output.emit(report, tables: tables, title: output.labels[.relTitle])
  }
}
