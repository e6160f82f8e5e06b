import ArgumentParser
import ClusterStat
import Tables

struct CMBCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "cmb",
    abstract: "Common method bias: Harman's single-factor test, the one-factor CFA against the measurement model, and a method factor (ULMC).",
    discussion: """
      On the complete cases of every item: the share of variance of the first
      unrotated principal component (psych::principal) and of one minres factor
      (psych::fa); the one-factor CFA against the measurement model (Δχ², ΔCFI);
      the measurement model with an equal-loading method factor orthogonal to
      the traits (ΔCFI, ΔRMSEA, method and trait variance), with lavaan's numbers.
      The notes say what each test can and cannot show.

      Examples:
        clusterstat cmb --data Datasets/reference/HolzingerSwineford1939.csv --scale visual=x1:x3 --scale textual=x4:x6 --scale speed=x7:x9
        clusterstat cmb --data Datasets/cluster-enterprise/responses-wjx.xlsx --codebook Datasets/cluster-enterprise/codebook.yaml --scale RE=RE --scale KR=KR --scale IG=IG
      """)

  @OptionGroup var input: DataOptions

  @Option(name: .long, help: ArgumentHelp("A scale, NAME=COLS; repeat for each (default: the codebook's first-order scales).", valueName: "name=cols"))
  var scale: [String] = []

  @OptionGroup var output: OutputOptions

  func validate() throws {
    for s in scale where !s.contains("=") { throw ValidationError("--scale takes NAME=COLS, e.g. TR=TR1:TR3 (got '\(s)')") }
    guard !scale.isEmpty || input.reading.codebook != nil else { throw ValidationError("give the scales with --scale NAME=COLS (two or more), or a --codebook with scales") }
  }

  func run() throws {
    let specs = scale.map { s -> (String, String) in
      let i = s.firstIndex(of: "=")!
      return (String(s[..<i]).trimmingCharacters(in: .whitespaces), String(s[s.index(after: i)...]))
    }
    let ingest = try input.ingest(columns: specs.map(\.1))
    let frame = ingest.frame
    var scales: [(name: String, items: [String])] = try specs.map { ($0.0, try frame.resolve($0.1)) }
    if scales.isEmpty {
      scales = (ingest.codebook?.scales ?? []).filter { $0.items != nil }.map { ($0.name, frame.scales[$0.name] ?? $0.items ?? []) }
    }
    let result = try CommonMethodBias.run(frame, scales: scales)
    for w in result.warnings { writeWarning(w) }
    try output.emit(result, tables: CommonMethodTables.make(result, output.labels), title: output.labels[.cmbTitle])
  }
}
