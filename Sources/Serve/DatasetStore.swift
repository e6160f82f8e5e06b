import Survey
import Foundation

// The server's only shared mutable state: which datasets exist. An actor
// serialises access to the table; each dataset's files sit in a folder of
// their own, so requests on different datasets share nothing, and requests
// on one dataset only read its files (a study writes into a folder of its own
// under a lock: StudyRunner).

/// One uploaded file and how to read it.
struct Dataset: Sendable {
  /// 32 hex digits (randomID): also the name of its folder in the session directory.
  var id: String
  /// The name the client gave, for display only; never a path.
  var displayName: String
  /// The folder holding data.<ext>, codebook.yaml and study/.
  var folder: String
  /// data.<ext>, the extension validated (Upload.extension).
  var dataPath: String
  var reading = ReadingSettings()
  /// The codebook the researcher uploaded (cleaned: CodebookUpload), if any.
  var codebookPath: String?
  /// What cleaning the uploaded codebook did.
  var codebookNotes: [Note] = []
  /// The coupling chapter's data and indicator codebook (CouplingUpload).
  var coupling = CouplingFiles()
  /// The shipped data set it is a copy of, when picked in the Data tab.
  var example: Example?

  var studyFolder: String { folder + "/study" }
}

actor DatasetStore {
  private var datasets: [String: Dataset] = [:]

  func add(_ dataset: Dataset) { datasets[dataset.id] = dataset }

  /// The dataset, or 404. An id that is not 32 hex digits is a 404 too: it
  /// can name nothing, and it is never used to build a path.
  func get(_ id: String) throws(ServeError) -> Dataset {
    guard let d = datasets[id] else { throw ServeError(.notFound, "no dataset '\(id.prefix(64))' in this session; upload the file again") }
    return d
  }

  func update(_ dataset: Dataset) { datasets[dataset.id] = dataset }

  var count: Int { datasets.count }
}

/// What the Data tab shows: the file as every analysis will see it. Built from
/// IngestResult, whose frame the personal-data guard has already cut: the
/// columns held back appear only by name and reason, and no cell of any
/// column is sent (types, labels and counts only).
struct DatasetSummary: Encodable {
  struct ColumnInfo: Encodable {
    var name: String
    /// numeric or text.
    var type: String
    var label: String?
    var labels: [ValueLabel]?
    var missing: Int
  }

  struct Personal: Encodable {
    var column: String
    /// header, codebook or content (PersonalDataGuard), and what was found (a kind, or the header word).
    var reason: String
    var found: String?
  }

  struct Masked: Encodable {
    var column: String
    var found: [String]
    var cells: Int
  }

  var id: String
  var file: String
  /// csv, xlsx or sav, judged by content (Ingest.format).
  var format: String
  /// wjx, qualtrics, or nil for a plain table.
  var layout: String?
  /// The text encoding a CSV was read in (utf-8, gbk …), detected or as set; nil for .xlsx and .sav.
  var encoding: String?
  var rows: Int
  var columns: [ColumnInfo]
  var personal: [Personal]
  var masked: [Masked]
  var screening: ScreeningReport?
  var reverseCoded: [String]
  /// The reader's notes: the header row found below a title, answer texts coded, personal data held back.
  var notes: [String]
  /// The same in Chinese (the page shows the one of its language).
  var notesZh: [String]
  var reading: ReadingSettings
  /// uploaded, or none (the analyses run without one; the study on the drafted one).
  var codebook: String
  var codebookNotes: [String]
  var codebookNotesZh: [String]
  /// The scales of the codebook (uploaded, else none), for the page's item pickers.
  var scales: [ScaleInfo]

  struct ScaleInfo: Encodable {
    var name: String
    var label: String?
    var items: [String]
  }

  /// The models of the codebook's analysis plan, for the SEM form's model menu.
  var models: [ModelInfo]
  /// The coupling chapter's files (uploaded or none) and whether they read together.
  var coupling: CouplingFiles.Summary

  struct ModelInfo: Encodable {
    var name: String
    var label: String?
    var syntax: String
  }

  enum CodingKeys: String, CodingKey {
    case id, file, format, layout, encoding, rows, columns, personal, masked, screening, notes, reading, codebook, scales, models, coupling
    case reverseCoded = "reverse_coded"
    case codebookNotes = "codebook_notes"
    case codebookNotesZh = "codebook_notes_zh"
    case notesZh = "notes_zh"
  }

  init(_ dataset: Dataset, _ ingest: IngestResult) {
    id = dataset.id
    file = dataset.displayName
    format = ingest.format
    layout = ingest.layout?.layout
    encoding = ingest.frame.encoding?.rawValue
    rows = ingest.frame.rowCount
    columns = ingest.frame.columns.map { c in
      ColumnInfo(name: c.name, type: c.isNumeric ? "numeric" : "text", label: c.label, labels: c.valueLabels, missing: c.missingCount)
    }
    personal = ingest.excluded.map { Personal(column: $0.column, reason: $0.reason, found: $0.found) }
    masked = ingest.masked.map { Masked(column: $0.column, found: $0.found, cells: $0.cells) }
    screening = ingest.screening
    reverseCoded = ingest.reverseCoded
    notes = ingest.notes
    notesZh = ingest.noteList.map { $0.text(chinese: true) }
    reading = dataset.reading
    codebook = dataset.codebookPath == nil ? "none" : "uploaded"
    codebookNotes = dataset.codebookNotes.map { $0.text(chinese: false) }
    codebookNotesZh = dataset.codebookNotes.map { $0.text(chinese: true) }
    scales = (ingest.codebook?.scales ?? []).compactMap { s in
      s.items.map { ScaleInfo(name: s.name, label: s.label?.zh ?? s.label?.en, items: $0) }
    }
    coupling = dataset.coupling.summary
    models = (ingest.codebook?.models ?? []).map { ModelInfo(name: $0.name, label: $0.label?.zh ?? $0.label?.en, syntax: $0.syntax) }
  }
}
