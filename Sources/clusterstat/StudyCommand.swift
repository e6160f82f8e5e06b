import ArgumentParser
import ClusterStat
import Foundation
import Study

struct StudyCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "study",
    abstract: "A whole study from a codebook's analysis plan (default: the shipped cluster-enterprise data): every table and figure as text, Markdown, HTML, Word, Excel and JSON.",
    discussion: """
      Reads the questionnaire export through its codebook (问卷星 layout, value
      labels, reverse-coded item, personal-data guard, screening), then runs in
      the book's order: sample profile and screening; reliability; KMO,
      Bartlett and EFA per part; CFA with CR, AVE, Fornell–Larcker and HTMT;
      correlations with √AVE; sub-models 1–4 and the full model with fit,
      AMOS-style paths, R² and path diagrams; bootstrap mediation; the
      hypothesis table (the plan's hypotheses: codebook hypotheses:, else one
      per path and indirect effect of the last model); coupling coordination and
      grey relational analysis when the codebook declares coupling: (the book's
      sub-model 5 on the Suzhou firms). A model that cannot be estimated is
      reported in its place and the command exits 1 after writing the reports. Writes report.txt,
      report.md, report.html (self-contained), report.docx (three-line tables),
      report.xlsx (every table, one sheet each) and results.json into --out,
      each file atomically.

      Defaults are the shipped (simulated) data:
        Datasets/cluster-enterprise/responses-wjx.xlsx with its codebook.yaml,
        Datasets/suzhou-firms/firms.csv with its codebook.yaml (the book's coupling: entry).

      Examples:
        clusterstat study --out report
        clusterstat study --data Datasets/cluster-enterprise/responses-wjx.xlsx --codebook Datasets/cluster-enterprise/codebook.yaml --out report --lang en
      """)

  @Option(name: .long, help: ArgumentHelp("The questionnaire export (.xlsx, .csv or .sav).", valueName: "file"))
  var data = "Datasets/cluster-enterprise/responses-wjx.xlsx"

  @Option(name: .long, help: ArgumentHelp("The questionnaire codebook (YAML).", valueName: "file"))
  var codebook = "Datasets/cluster-enterprise/codebook.yaml"

  @Option(name: .long, help: ArgumentHelp("Indicator data for the coupling chapter (CSV; default: the codebook's coupling: entry, if any).", valueName: "file"))
  var firms: String?

  @Option(name: .customLong("firms-codebook"), help: ArgumentHelp("The indicators' codebook (YAML; with --firms).", valueName: "file"))
  var firmsCodebook: String?

  @Option(name: .long, help: ArgumentHelp("The folder to write the reports into (created if missing).", valueName: "dir"))
  var out: String

  @Option(name: .long, help: "Report language: zh or en.")
  var lang: Language = .zh

  @Option(name: .customLong("p-style"), help: "How p values are written: apa (< .001, .032) or stars (AMOS: ***, 0.032).")
  var pStyle: PStyle = .apa

  @Option(name: .long, help: ArgumentHelp("Bootstrap resamples for the indirect effects (0: delta method only).", valueName: "B"))
  var bootstrap = 1000

  @Option(name: .long, parsing: .unconditional, help: "Seed of the bootstrap (and of parallel analysis).")
  var seed: UInt64 = 20180501

  @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Bootstrap worker threads (default: all cores).", valueName: "n"))
  var threads: Int?

  func validate() throws {
    guard bootstrap == 0 || bootstrap >= 50 else { throw ValidationError("--bootstrap takes 0 or at least 50 resamples") }
  }

  func run() throws {
    guard let unlock = StudyReport.lock(out) else {
      throw InputError(file: out, "another study run is writing this folder (its lock file .\(URL(fileURLWithPath: out).lastPathComponent).lock is beside it; remove it if no run is going on)")
    }
    defer { unlock() }
    var isDir: ObjCBool = false
    if FileManager.default.fileExists(atPath: out, isDirectory: &isDir) {
      guard isDir.boolValue else { throw InputError(file: out, "exists and is not a folder") }
    } else {
      do { try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true) } catch {
        throw InputError(file: out, "cannot create the folder: \(error.localizedDescription)")
      }
    }
    var options = StudyOptions(data: data, codebook: codebook, firms: firms, firmsCodebook: firmsCodebook, lang: lang.rawValue,
                               bootstrap: bootstrap, seed: seed, threads: threads)
    options.pStyle = pStyle
    var stage = 0
    let result = try StudyPipeline.run(options, version: clusterStatVersion) { message in
      stage += 1
      FileHandle.standardError.write(Data("clusterstat: [\(stage)] \(message)\n".utf8))
    }
    let (files, doc) = try StudyReport.write(result, to: out)
    // The terminal gets the verdicts; the reports hold everything.
    let summary = doc.blocks.compactMap { b -> Table? in
      if case .table(let t) = b, t.title.contains("假设检验汇总") || t.title.contains("Hypothesis tests") || t.title.contains("各结构模型的拟合指标") || t.title.contains("Fit of the structural models") { return t }
      return nil
    }
    print(summary.map { TextRenderer.render($0) }.joined(separator: "\n"))
    print(Labels(lang)[.studyWritten] + "\n" + files.map { "  " + $0 }.joined(separator: "\n"))
    if !result.failures.isEmpty {
      throw StatisticalFailure(description: "the report was written, but \(result.failures.count) model\(result.failures.count == 1 ? "" : "s") could not be estimated: \(result.failures.joined(separator: "; "))")
    }
  }
}
