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
      correlation, scale mean and variance if deleted. Complete cases per scale.
      Items under the CITC cut-off and scales under the α cut-off are flagged.

      Examples:
        clusterstat reliability --data Datasets/reference/HolzingerSwineford1939.csv --items x4:x6
        clusterstat reliability --data Datasets/reference/HolzingerSwineford1939.csv --scale visual=x1:x3 --scale textual=x4:x6 --scale speed=x7:x9
        clusterstat reliability --data survey.csv --scale NE=ne1:ne6 --alpha-cutoff 0.8 --format json
        clusterstat reliability --data responses-wjx.xlsx --codebook codebook.yaml          # every scale of the codebook
        clusterstat reliability --data responses-wjx.xlsx --codebook codebook.yaml --items RE
      """)

  @OptionGroup var input: DataOptions

  @Option(name: .long, help: ArgumentHelp("The items of one scale: x1,x2 or x1:x9.", valueName: "cols"))
  var items: String?

  @Option(name: .long, help: ArgumentHelp("A named scale, NAME=COLS; repeat for several.", valueName: "name=cols"))
  var scale: [String] = []

  @Option(name: .customLong("ci-level"), help: "Confidence level of the α intervals.")
  var ciLevel: Double = 0.95

  @Option(name: .customLong("alpha-cutoff"), help: "Flag scales with α below this (Nunnally 1978: 0.70).")
  var alphaCutoff: Double = 0.7

  @Option(name: .customLong("citc-cutoff"), help: "Flag items with CITC below this (Nunnally & Bernstein 1994: 0.30).")
  var citcCutoff: Double = 0.3

  @OptionGroup var output: OutputOptions

  func validate() throws {
    guard (items != nil) || !scale.isEmpty || input.reading.codebook != nil else {
      throw ValidationError("give the items with --items COLS, one or more --scale NAME=COLS, or a --codebook with scales")
    }
    guard items == nil || scale.isEmpty else { throw ValidationError("--items and --scale are alternatives; give one") }
    for s in scale where !s.contains("=") { throw ValidationError("--scale takes NAME=COLS, e.g. visual=x1:x3 (got '\(s)')") }
    guard ciLevel > 0, ciLevel < 1 else { throw ValidationError("--ci-level must lie in (0, 1)") }
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
    let ingest = try input.ingest(columns: scales.map(\.spec))
    let frame = ingest.frame
    if scales.isEmpty {
      // Every first-order scale of the codebook, in its order.
      scales = (ingest.codebook?.scales ?? []).filter { $0.items != nil }.map { ($0.name, $0.name) }
      if scales.isEmpty { throw InputError(file: input.reading.codebook, "the codebook defines no scales with items") }
    }
    var results: [ScaleReliability] = []
    var dropped: [String] = []
    for (name, spec) in scales {
      let items = try frame.resolve(spec)
      let sample = try ItemSample.from(frame, items: items, purpose: "reliability of '\(name)'")
      if sample.dropped > 0 { dropped.append("\(name): \(sample.dropped)") }
      results.append(try Reliability.alpha(sample, name: name, ciLevel: ciLevel))
    }
    let report = ReliabilityReport(scales: results, alphaCutoff: alphaCutoff, citcCutoff: citcCutoff)
    if !dropped.isEmpty { writeWarning("listwise deletion dropped rows with missing items (\(dropped.joined(separator: "; ")))") }
    try output.emit(report, tables: PsychometricsTables.reliability(report, output.labels), title: output.labels["rel.title"])
  }
}

