import Foundation

// Outputs are written all or nothing: to a temporary file beside the target,
// then renamed over it, so a failed run never leaves half a report.

public enum AtomicFile {
  /// Files read in this run: no output may replace one (an `--out` that names the data would destroy the survey).
  nonisolated(unsafe) private static var inputs = Set<String>()
  private static let inputsLock = NSLock()

  static func canonical(_ path: String) -> String { URL(fileURLWithPath: path).resolvingSymlinksInPath().standardizedFileURL.path }

  /// Marks a file as an input of this run.
  public static func protect(_ path: String) {
    inputsLock.withLock { _ = inputs.insert(canonical(path)) }
  }

  public static func write(_ data: Data, to path: String) throws(InputError) {
    let target = canonical(path)
    if inputsLock.withLock({ inputs.contains(target) }) {
      throw InputError(file: path, "is an input of this run; writing the output there would replace it: choose another output file")
    }
    let url = URL(fileURLWithPath: path)
    let dir = url.deletingLastPathComponent()
    var isDir: ObjCBool = false
    guard FileManager.default.fileExists(atPath: dir.path, isDirectory: &isDir), isDir.boolValue else {
      throw InputError(file: path, "cannot write: the folder \(dir.path) does not exist")
    }
    let tmp = dir.appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())")
    do {
      try data.write(to: tmp)
    } catch {
      try? FileManager.default.removeItem(at: tmp)
      throw InputError(file: path, "cannot write: \(error.localizedDescription)")
    }
    if rename(tmp.path, url.path) != 0 {
      let reason = String(cString: strerror(errno))
      try? FileManager.default.removeItem(at: tmp)
      throw InputError(file: path, "cannot write: \(reason)")
    }
  }
}
