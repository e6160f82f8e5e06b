import ArgumentParser
import ClusterStat
import Foundation

struct CodebookCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "codebook",
    abstract: "Draft a codebook (YAML) from a survey export, to correct rather than write.",
    discussion: """
      Reads the export as every command does (问卷星, Qualtrics or plain layout,
      answer texts, title rows, the personal-data guard) and writes a codebook:
      the variables with their wording as labels, value sets for answer texts,
      one scale per matrix question (or per run of columns such as TR1, TR2,
      TR3), reverse-worded candidates flagged, personal-data columns, screening
      defaults and a commented template of the analysis plan. `study` runs on it
      as it is; edit the lines marked EDIT.

      Examples:
        clusterstat codebook --data Datasets/cluster-enterprise/responses-wjx.xlsx --out codebook.yaml
        clusterstat codebook --data Datasets/cluster-enterprise/responses.csv
      """)

  @Option(name: .long, help: ArgumentHelp("The survey export (.xlsx, .csv or .sav).", valueName: "file"))
  var data: String

  @OptionGroup var reading: ReadingOptions

  @Option(name: .long, help: ArgumentHelp("Write the codebook here (atomically) instead of standard output.", valueName: "file.yaml"))
  var out: String?

  func validate() throws {
    if let out, URL(fileURLWithPath: out).standardizedFileURL == URL(fileURLWithPath: data).standardizedFileURL {
      throw ValidationError("--out names the data file; the codebook would replace your survey")
    }
    if reading.codebook != nil { throw ValidationError("codebook drafts a codebook; --codebook is for the other commands") }
  }

  func run() throws {
    let yaml = try CodebookDraft.draft(path: data, options: reading.ingestOptions(codebook: nil, columns: []))
    try OutputFile.write(yaml, to: out)
  }
}
