import Foundation
import Report
import Survey

/// Writes the study's reports into a folder, each file atomically, all from
/// one `StudyResult`.
public enum StudyReport {
  public static let files = ["report.txt", "report.md", "report.html", "report.docx", "results.json"]

  /// The paths written and the document they render (for a caller that
  /// also prints some of its tables).
  @discardableResult
  public static func write(_ r: StudyResult, to dir: String) throws -> (files: [String], document: Document) {
    let doc = StudyDocument.make(r)
    let enc = JSONEncoder()
    enc.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    enc.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Inf", negativeInfinity: "-Inf", nan: "NaN")
    let contents: [Data] = [
      Data(doc.text().utf8), Data(doc.markdown().utf8), Data(doc.html().utf8), try doc.docx(),
      try enc.encode(r) + Data("\n".utf8),
    ]
    var written: [String] = []
    for (name, data) in zip(files, contents) {
      let path = (dir as NSString).appendingPathComponent(name)
      try AtomicFile.write(data, to: path)
      written.append(path)
    }
    return (written, doc)
  }
}
