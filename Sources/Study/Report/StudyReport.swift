import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Report
import Survey

/// Writes the study's reports into a folder, each file atomically, all from
/// one `StudyResult`; every figure also as SVG and PNG under figures/.
public enum StudyReport {
  public static let files = ["report.txt", "report.md", "report.html", "report.docx", "report.xlsx", "results.json"]
  public static let figuresFolder = "figures"

  /// The paths written (the figures folder last) and the document they
  /// render (for a caller that also prints some of its tables).
  @discardableResult
  public static func write(_ r: StudyResult, to dir: String) throws -> (files: [String], document: Document) {
    let doc = StudyDocument.make(r)
    // Rasterised once: the same PNGs go into report.docx and figures/.
    let figures = try doc.figureFiles()
    let contents: [Data] = [
      Data(doc.text().utf8), Data(doc.markdown().utf8), Data(doc.html().utf8), try doc.docx(figures: figures), try doc.xlsx(),
      try JSONOutput.encode(r).data + Data("\n".utf8),
    ]
    let figureContents = figures.flatMap { f in [("\(f.name).svg", Data(f.svg.utf8)), ("\(f.name).png", f.image.png)] }
    let fm = FileManager.default
    let existing = (try? fm.contentsOfDirectory(atPath: dir)) ?? []
    let written = files.map { (dir as NSString).appendingPathComponent($0) }
    let figuresDir = (dir as NSString).appendingPathComponent(figuresFolder)
    // A folder holding only a report (or nothing) is replaced whole: the new
    // report is written beside it and renamed into place, so a failure or a
    // crash never leaves a folder that mixes two runs. A folder with other
    // files in it gets each file replaced atomically instead.
    guard existing.allSatisfy({ files.contains($0) || $0 == figuresFolder }) else {
      for (path, data) in zip(written, contents) { try AtomicFile.write(data, to: path) }
      try fm.createDirectory(atPath: figuresDir, withIntermediateDirectories: true)
      for (name, data) in figureContents { try AtomicFile.write(data, to: (figuresDir as NSString).appendingPathComponent(name)) }
      return (written + [figuresDir + "/"], doc)
    }
    let target = URL(fileURLWithPath: dir).standardizedFileURL
    let parent = target.deletingLastPathComponent()
    let staging = parent.appendingPathComponent(".\(target.lastPathComponent).new-\(getpid())")
    let backup = parent.appendingPathComponent(".\(target.lastPathComponent).old-\(getpid())")
    try? fm.removeItem(at: staging)
    do {
      try fm.createDirectory(at: staging, withIntermediateDirectories: false)
      for (name, data) in zip(files, contents) { try data.write(to: staging.appendingPathComponent(name)) }
      let folder = staging.appendingPathComponent(figuresFolder)
      try fm.createDirectory(at: folder, withIntermediateDirectories: false)
      for (name, data) in figureContents { try data.write(to: folder.appendingPathComponent(name)) }
    } catch {
      try? fm.removeItem(at: staging)
      throw InputError(file: dir, "cannot write the report: \(error.localizedDescription)")
    }
    let had = fm.fileExists(atPath: target.path)
    if had, rename(target.path, backup.path) != 0 {
      try? fm.removeItem(at: staging)
      throw InputError(file: dir, "cannot replace the previous report: \(String(cString: strerror(errno)))")
    }
    guard rename(staging.path, target.path) == 0 else {
      let reason = String(cString: strerror(errno))
      if had { _ = rename(backup.path, target.path) }
      try? fm.removeItem(at: staging)
      throw InputError(file: dir, "cannot write the report: \(reason)")
    }
    if had { try? fm.removeItem(at: backup) }
    return (written + [figuresDir + "/"], doc)
  }

  /// Takes the folder's lock (a `.NAME.lock` file beside it) for one run; nil when another run holds it.
  public static func lock(_ dir: String) -> (() -> Void)? {
    let target = URL(fileURLWithPath: dir).standardizedFileURL
    let lock = target.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).lock").path
    let fd = open(lock, O_CREAT | O_EXCL | O_WRONLY, 0o644)
    guard fd >= 0 else { return nil }
    _ = "\(getpid())\n".withCString { Glibc.write(fd, $0, strlen($0)) }
    close(fd)
    return { unlink(lock) }
  }
}
