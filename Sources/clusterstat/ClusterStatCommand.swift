import ArgumentParser
import ClusterStat
import Foundation
import Synchronization

@main
struct ClusterStatCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "clusterstat",
    abstract: "Questionnaire statistics with lavaan's and psych's numbers.",
    discussion: """
      Reads a survey export (问卷星/Qualtrics/Excel .xlsx, SPSS .sav, CSV in UTF-8
      or GBK) and prints publication-ready
      tables. Exit status: 0 success, 1 a statistical failure (e.g. no
      convergence), 2 bad input (the message names file, row and column).

      Examples:
        clusterstat describe --data Datasets/reference/HolzingerSwineford1939.csv --items x1:x9
        clusterstat describe --data Datasets/cluster-enterprise/responses.csv --missing-codes -2,-3 --format md --lang en
        clusterstat reliability --data Datasets/reference/HolzingerSwineford1939.csv --scale visual=x1:x3 --scale textual=x4:x6
        clusterstat efa --data Datasets/reference/bfi.csv --items A1:O5 --factors auto --rotate oblimin
        clusterstat cfa --data Datasets/reference/HolzingerSwineford1939.csv --syntax 'visual =~ x1+x2+x3; textual =~ x4+x5+x6; speed =~ x7+x8+x9'
        clusterstat sem --data Datasets/reference/PoliticalDemocracy.csv --model Benchmarks/models/polidem.lav --layout lavaan
        clusterstat grey --data Datasets/suzhou-firms/firms.csv --reference KR --compare NV1,NB1,RM1,NP1
        clusterstat entropy --data Datasets/suzhou-firms/firms.csv --items NV1:NP3 --cost NP3 --topsis
        clusterstat coupling --data Datasets/suzhou-firms/firms.csv --system NC=NV1:NP3 --system AC=ACQ1:EXP3 --cost NP3
        clusterstat ttest --data Datasets/reference/HolzingerSwineford1939.csv --y x1:x3 --group school
        clusterstat regress --data Datasets/reference/HolzingerSwineford1939.csv --y x9 --block sex,ageyr --block x1,x4
        clusterstat process --data Datasets/reference/HolzingerSwineford1939.csv --model 7 --x x1 --m x4 --w x7 --y x9
        clusterstat bench --data Datasets/reference/HolzingerSwineford1939.csv --syntax 'visual =~ x1+x2+x3; textual =~ x4+x5+x6; speed =~ x7+x8+x9' --against lavaan
      """,
    version: clusterStatVersion,
    subcommands: [StudyCommand.self, CodebookCommand.self, Describe.self, SimulateCommand.self, ReliabilityCommand.self, AdequacyCommand.self, CorrelationCommand.self, EFACommand.self, CFACommand.self, SEMCommand.self, GrowthCommand.self, InvarianceCommand.self, GreyCommand.self, EntropyCommand.self, CouplingCommand.self, TTestCommand.self, ANOVACommand.self, CrosstabCommand.self, RegressCommand.self, ProcessCommand.self, CMBCommand.self, BenchCommand.self, ServeCommand.self])

  /// Parses, runs and maps failures to the exit statuses DESIGN.md fixes.
  static func main() {
    // A first word that is no command ("ttst", a misspelling) would otherwise be
    // reported as an unknown option further along the line.
    let names = configuration.subcommands.map { $0._commandName } + ["help"]
    if let first = CommandLine.arguments.dropFirst().first, !first.hasPrefix("-"), !names.contains(first) {
      let near = names.min { editDistance($0, first) < editDistance($1, first) }.map { editDistance($0, first) <= 2 ? " (did you mean '\($0)'?)" : "" } ?? ""
      writeError("error: unknown command '\(first)'\(near); the commands are \(names.filter { $0 != "help" }.joined(separator: ", "))")
      Foundation.exit(2)
    }
    do {
      var command = try parseAsRoot()
      try command.run()
    } catch {
      if let classified = error as? any ClassifiedError {
        writeError("error: \(classified.withOptionHint)")
        Foundation.exit(classified.failureKind.exitStatus)
      }
      if exitCode(for: error) == .success {
        print(fullMessage(for: error))
        Foundation.exit(0)
      }
      // Usage mistakes (unknown option, bad value, failed validate()) are bad input too.
      writeError(fullMessage(for: error))
      Foundation.exit(2)
    }
  }

  /// 2 for bad input, 1 for a statistical failure (each library error says which: ClassifiedError), nil for
  /// argument-parser errors.
  static func status(of error: Error) -> Int32? {
    (error as? any ClassifiedError)?.failureKind.exitStatus
  }
}

let clusterStatVersion = "0.1.0"

/// A statistical failure the user must hear about: exit status 1.
struct StatisticalFailure: ClassifiedError {
  var description: String
  var failureKind: FailureKind { .statistical }
}

func writeError(_ s: String) {
  FileHandle.standardError.write(Data(("clusterstat: " + s + "\n").utf8))
}

/// A line on stderr about what the reader did (held back, dropped, recoded).
func writeNote(_ s: String) {
  if s.hasPrefix("warning: ") { writeWarning(String(s.dropFirst(9))); return }
  if let capture = OutputCapture.current { capture.message(s); return }
  FileHandle.standardError.write(Data(("clusterstat: " + s + "\n").utf8))
}

/// A note in the language of the run's output (--lang).
func writeNote(_ note: Note) {
  let chinese = NoteLanguage.chinese
  if note.isWarning && !chinese { writeWarning(note.en); return }
  writeNote(note.text(chinese: chinese))
}

/// The language of notes: the running command's --lang (the browser engine's
/// run's own, else the one the process's command was given).
enum NoteLanguage {
  static let process = Mutex(Language.zh)
  static var chinese: Bool { (OutputCapture.current?.language ?? process.withLock { $0 }) == .zh }
}

/// A result's warning in the language of the run's output.
func writeWarning(_ w: Warning) {
  writeNote(Note(en: w.en, zh: w.zh, warning: true))
}

func writeWarning(_ s: String) {
  if let capture = OutputCapture.current { capture.message("warning: " + s); return }
  FileHandle.standardError.write(Data(("clusterstat: warning: " + s + "\n").utf8))
}
