import Survey
import Report
import Foundation
import Study
import Synchronization

// `clusterstat study` for an uploaded dataset: the same library calls as
// StudyCommand (StudyPipeline.run, then StudyReport.write under the folder's
// lock), into the dataset's study/ folder in the session directory. The plan
// is the uploaded codebook, else the one `clusterstat codebook` drafts from
// the file (the study runs on a draft as it is). The pipeline's progress lines
// are kept per dataset for the page to poll while the run goes on.

/// The options of a study request: StudyCommand's, less the paths.
struct StudyRequest: Decodable {
  var lang: String?
  var pStyle: String?
  var bootstrap: Int?
  var seed: UInt64?

  enum CodingKeys: String, CodingKey {
    case lang, bootstrap, seed
    case pStyle = "p-style"
  }

  /// StudyCommand.validate(), and the enums' own values.
  func options(data: String, codebook: String) throws(ServeError) -> StudyOptions {
    let lang = self.lang ?? "zh"
    guard Language(rawValue: lang) != nil else { throw ServeError(.badRequest, "lang is zh or en, not '\(lang.prefix(20))'") }
    let pStyle = try self.pStyle.map { s throws(ServeError) -> PStyle in
      guard let p = PStyle(rawValue: s) else { throw ServeError(.badRequest, "p-style is apa or stars, not '\(s.prefix(20))'") }
      return p
    } ?? .apa
    let bootstrap = self.bootstrap ?? 1000
    guard bootstrap == 0 || (50...100_000).contains(bootstrap) else {
      throw ServeError(.badRequest, "bootstrap takes 0 or 50 to 100000 resamples")
    }
    var o = StudyOptions(data: data, codebook: codebook, lang: lang, bootstrap: bootstrap, seed: seed ?? 20180501)
    o.pStyle = pStyle
    return o
  }
}

/// The files a study writes that can be downloaded.
enum StudyFile: String, CaseIterable {
  case docx = "report.docx", xlsx = "report.xlsx", json = "results.json", html = "report.html", markdown = "report.md", text = "report.txt"

  var contentType: String {
    switch self {
    case .docx: return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    case .xlsx: return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    case .json: return "application/json; charset=utf-8"
    case .html: return "text/html; charset=utf-8"
    case .markdown: return "text/markdown; charset=utf-8"
    case .text: return "text/plain; charset=utf-8"
    }
  }
}

/// Each dataset's study progress: the stage reached and its message.
final class StudyProgress: Sendable {
  struct Entry: Codable, Sendable {
    var running: Bool
    var stage: Int
    var message: String
  }

  private let entries = Mutex<[String: Entry]>([:])

  func set(_ id: String, _ entry: Entry) { entries.withLock { $0[id] = entry } }
  func get(_ id: String) -> Entry? { entries.withLock { $0[id] } }
}

/// Each dataset's running analysis: its long step (the bootstrap) and how far it is, for the page to poll.
final class AnalysisProgress: Sendable {
  struct Entry: Codable, Sendable {
    var running: Bool
    var stage: String
    var done: Int
    var total: Int

    static let idle = Entry(running: false, stage: "", done: 0, total: 0)
  }

  private let entries = Mutex<[String: Entry]>([:])

  func set(_ id: String, _ entry: Entry) { entries.withLock { $0[id] = entry } }
  func get(_ id: String) -> Entry { entries.withLock { $0[id] } ?? .idle }
}

struct StudyOutcome: Encodable {
  var html: String
  var files: [String]
  var failures: [String]
  var codebook: String
}

enum StudyRunner {
  /// Runs the study; blocking (the caller offloads it).
  static func run(_ dataset: Dataset, _ request: StudyRequest, version: String, progress: StudyProgress) throws(ServeError) -> StudyOutcome {
    let codebook: String, which: String
    if let path = dataset.codebookPath {
      (codebook, which) = (path, "uploaded")
    } else {
      codebook = dataset.folder + "/codebook-draft.yaml"
      which = "drafted"
      do {
        let yaml = try CodebookDraft.draft(path: dataset.dataPath, options: dataset.reading.ingestOptions(codebook: nil))
        try AtomicFile.write(Data(yaml.utf8), to: codebook)
      } catch {
        throw ServeError(.badRequest, Messages.clean("cannot draft a codebook for the study: \(error)", dataset))
      }
    }
    var options = try request.options(data: dataset.dataPath, codebook: codebook)
    if dataset.coupling.isReady {
      options.firms = dataset.coupling.dataPath
      options.firmsCodebook = dataset.coupling.codebookPath
    }
    guard let unlock = StudyReport.lock(dataset.studyFolder) else {
      throw ServeError(.conflict, "a study of this dataset is already running; wait for it to finish")
    }
    defer { unlock() }
    var stage = 0
    progress.set(dataset.id, .init(running: true, stage: 0, message: ""))
    defer { progress.set(dataset.id, .init(running: false, stage: stage, message: progress.get(dataset.id)?.message ?? "")) }
    do {
      try FileManager.default.createDirectory(atPath: dataset.studyFolder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
      var result = try StudyPipeline.run(options, version: version) { message in
        stage += 1
        progress.set(dataset.id, .init(running: true, stage: stage, message: message))
      }
      // The reports say which file they were made from: the upload, not the session's data.<ext>.
      result.sample.data = dataset.displayName
      // The shipped export picked in the Data tab: the report says its data are simulated, as the CLI's does.
      result.shippedData = dataset.example == .clusterEnterprise
      _ = try StudyReport.write(result, to: dataset.studyFolder)
      let html = try String(contentsOfFile: dataset.studyFolder + "/" + StudyFile.html.rawValue, encoding: .utf8)
      let files = StudyFile.allCases.map(\.rawValue).filter { FileManager.default.fileExists(atPath: dataset.studyFolder + "/" + $0) }
      return StudyOutcome(html: html, files: files, failures: result.failures, codebook: which)
    } catch let error as ServeError {
      throw error
    } catch {
      throw Messages.failure(error, dataset)
    }
  }
}
