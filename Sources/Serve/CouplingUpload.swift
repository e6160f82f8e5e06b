import Survey
import Foundation
import HTTPTypes
import Hummingbird
import Study

// The coupling chapter (entropy weights, coupling coordination, grey relational
// analysis) reads a second data set — units (firms, regions) × indicators — and
// its indicator codebook (systems → dimensions → indicators, outcomes). On the
// command line a survey codebook's `coupling: {data, codebook}` names them on
// disk; the browser opens no path from the client, so they are uploaded to the
// dataset instead (PUT …/coupling/data, …/coupling/codebook), each stored under
// a new name, and once both are there they are analysed as the study will
// (CouplingData.check) before the dataset takes them. The study then adds the
// chapter.

/// The coupling files of a dataset and, once both read together, what they hold.
struct CouplingFiles: Sendable {
  var dataPath: String?
  /// The upload's name, for display only.
  var dataName: String?
  var codebookPath: String?
  /// Units and systems, after both files were analysed together.
  var units: Int?
  var systems: [String] = []

  var isReady: Bool { dataPath != nil && codebookPath != nil && units != nil }

  /// What the Data and Study tabs show.
  struct Summary: Encodable {
    var data: String?
    var codebook: Bool
    var ready: Bool
    var units: Int?
    var systems: [String]
  }

  var summary: Summary { Summary(data: dataName, codebook: codebookPath != nil, ready: isReady, units: units, systems: systems) }
}

enum CouplingUpload {
  /// The largest coupling data set or codebook taken (units × indicators: small).
  static let maxBytes = 20 * 1024 * 1024

  enum Part { case data, codebook }

  /// The dataset with the uploaded part stored and, when both parts are present, checked together.
  /// The old file of that part is replaced only when the new one passes.
  static func store(_ part: Part, body: ByteBuffer, fileName: String?, in dataset: Dataset) throws(ServeError) -> Dataset {
    var coupling = dataset.coupling
    let candidate: String
    switch part {
    case .data:
      let name = Upload.displayName(fileName ?? "")
      guard name.lowercased().hasSuffix(".csv") else {
        throw ServeError(.unsupportedMediaType, "the coupling data are read as CSV (units × indicators, UTF-8); '\(name.prefix(80))' is not a .csv file")
      }
      candidate = dataset.folder + "/coupling-data-\(randomID()).csv"
      coupling.dataPath = candidate
      coupling.dataName = name
    case .codebook:
      guard String(validating: body.readableBytesView, as: UTF8.self) != nil else {
        throw ServeError(.badRequest, "the coupling codebook is not UTF-8 text")
      }
      candidate = dataset.folder + "/coupling-codebook-\(randomID()).yaml"
      coupling.codebookPath = candidate
    }
    do { try Data(buffer: body).write(to: URL(fileURLWithPath: candidate)) } catch {
      throw ServeError(.internalServerError, "cannot store the coupling file in the session directory")
    }
    func shown(_ text: String) -> String {
      var t = text
      if let d = coupling.dataPath, let n = coupling.dataName { t = t.replacingOccurrences(of: d, with: n) }
      if let c = coupling.codebookPath { t = t.replacingOccurrences(of: c, with: "coupling codebook") }
      return Messages.clean(t, dataset)
    }
    do {
      coupling.units = nil
      coupling.systems = []
      if let data = coupling.dataPath, let book = coupling.codebookPath {
        let checked = try CouplingData.check(firms: data, codebook: book)
        coupling.units = checked.firms
        coupling.systems = checked.systems
      } else if part == .codebook {
        // No data yet to analyse it with: the codebook on its own.
        _ = try FirmsCodebook.read(path: candidate)
      }
    } catch {
      try? FileManager.default.removeItem(atPath: candidate)
      throw ServeError(.badRequest, shown("\(error)"))
    }
    let old = part == .data ? dataset.coupling.dataPath : dataset.coupling.codebookPath
    if let old { try? FileManager.default.removeItem(atPath: old) }
    var out = dataset
    out.coupling = coupling
    return out
  }

  /// The dataset without coupling files.
  static func remove(from dataset: Dataset) -> Dataset {
    for path in [dataset.coupling.dataPath, dataset.coupling.codebookPath].compactMap({ $0 }) {
      try? FileManager.default.removeItem(atPath: path)
    }
    var out = dataset
    out.coupling = CouplingFiles()
    return out
  }
}

extension Routes {
  /// PUT /api/datasets/{id}/coupling/data (a CSV body, its name in X-Filename) or …/coupling/codebook (YAML).
  func setCoupling(_ part: CouplingUpload.Part, _ request: Request, _ context: BasicRequestContext) async throws -> Response {
    let dataset = try await dataset(context)
    let buffer: ByteBuffer
    do { buffer = try await request.body.collect(upTo: CouplingUpload.maxBytes) } catch {
      throw ServeError(.contentTooLarge, "a coupling file is at most \(CouplingUpload.maxBytes / (1024 * 1024)) MB")
    }
    let name = request.headers[HTTPField.Name("X-Filename")!].map { $0.removingPercentEncoding ?? $0 }
    let updated = try await offload { () throws(ServeError) -> Dataset in try CouplingUpload.store(part, body: buffer, fileName: name, in: dataset) }
    await store.update(updated)
    return try await summary(updated)
  }

  /// DELETE /api/datasets/{id}/coupling: the study without the coupling chapter.
  func removeCoupling(_ context: BasicRequestContext) async throws -> Response {
    let updated = CouplingUpload.remove(from: try await dataset(context))
    await store.update(updated)
    return try await summary(updated)
  }
}
