import Foundation

// Outputs are written all or nothing: to a temporary file beside the target,
// then renamed over it, so a failed run never leaves half a report.

public enum AtomicFile {
  public static func write(_ data: Data, to path: String) throws(InputError) {
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
