import _Core
import Survey
import SEM
import Regression
import Dispatch
import Foundation

// Messages that go back to the page name the file as the researcher knows it
// (its upload name), not the session directory's data.xlsx, and map the
// library's failures to statuses as the CLI maps them to exit codes
// (ClusterStatCommand.status: 2 bad input → 400, 1 statistical → 422).

enum Messages {
  /// `text` with the dataset's stored paths replaced by the upload's name.
  static func clean(_ text: String, _ dataset: Dataset) -> String {
    text.replacingOccurrences(of: dataset.dataPath, with: dataset.displayName)
      .replacingOccurrences(of: dataset.folder + "/", with: "")
  }

  /// The CLI's JSON text with the stored path replaced by the upload's name,
  /// escaped as a JSON string's content: what `clusterstat KIND --data NAME`
  /// prints in the folder that holds the file.
  static func cleanJSON(_ text: String, _ dataset: Dataset) -> String {
    let quoted = JSONBody.quote(dataset.displayName)
    return text.replacingOccurrences(of: dataset.dataPath, with: String(quoted.dropFirst().dropLast()))
  }

  /// The same for the HTML page (the name HTML-escaped).
  static func cleanHTML(_ text: String, _ dataset: Dataset) -> String {
    var name = ""
    for c in dataset.displayName {
      switch c {
      case "&": name += "&amp;"
      case "<": name += "&lt;"
      case ">": name += "&gt;"
      case "\"": name += "&quot;"
      case "'": name += "&#39;"
      default: name.append(c)
      }
    }
    return text.replacingOccurrences(of: dataset.dataPath, with: name)
  }

  static func failure(_ error: Error, _ dataset: Dataset) -> ServeError {
    let message = clean("\(error)", dataset)
    if let e = error as? SyntaxError { return ServeError(.badRequest, message, line: e.line, column: e.column) }
    // The CLI's exit statuses: 2 (bad input) → 400, 1 (a statistical failure) → 422.
    let kind = (error as? any ClassifiedError)?.failureKind ?? .statistical
    return ServeError(kind == .badInput ? .badRequest : .unprocessableContent, message)
  }
}

/// Runs blocking work (an analysis, a study, reading a large file) on a
/// Dispatch thread, so the cooperative pool that serves requests stays free.
func offload<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
  await withCheckedContinuation { continuation in
    DispatchQueue.global(qos: .userInitiated).async { continuation.resume(returning: work()) }
  }
}

func offload<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
  let result: Result<T, Error> = await offload { Result { try work() } }
  return try result.get()
}
