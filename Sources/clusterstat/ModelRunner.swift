import ArgumentParser
import ClusterStat
import Tables

// cfa, sem and growth: fit, print the tables and the diagram, exit 1 on a
// failure after showing the solution.

enum ModelRunner {
  static func run(_ options: ModelCommandOptions, _ output: OutputOptions, measurement: Bool, growth: Bool = false) throws {
    let (fitted, result) = try options.fit(measurement: measurement, growth: growth)
    let cutoffs = try FitCutoffs.parse(options.cutoffs)
    var tables = SEMTables.make(result, layout: options.layout, cutoffs: cutoffs, labels: output.labels)
    let L = output.labels
    // What the fit and the paths say, under the fit table.
    if let k = tables.firstIndex(where: { $0.title == L[.fitTitle] }) {
      for text in [Interpretation.fit(result, cutoffs, L), Interpretation.validity(result, L), Interpretation.paths(result, L)] where !text.isEmpty {
        tables[k].notes.append("\(L[.interpretation]): \(text)")
      }
    }
    try output.emit(result, tables: tables,
                    title: output.labels[.semTitle])
    try options.writeDiagrams(result, title: output.labels[.semTitle])
    if result.dropped > 0 {
      writeNote(Note(en: "listwise deletion dropped \(result.dropped) row\(result.dropped == 1 ? "" : "s") with missing values; \(fitted.n) used",
                     zh: "成列删除了 \(result.dropped) 个含缺失值的个案，使用 \(fitted.n) 个", warning: true))
    }
    // The typed problems in the output's language; any other warning as it is.
    for d in result.diagnostics { writeNote(Note(en: d.description, zh: d.chinese, warning: true)) }
    for w in result.untypedWarnings { writeWarning(w) }
    if result.improper {
      let count = result.improperWarnings.count
      throw StatisticalFailure(description: "improper solution (\(count) problem\(count == 1 ? "" : "s"), listed above and at the top of the output); the estimates are printed for diagnosis and must not be reported as a fitted model")
    }
  }
}
