import Foundation

// Everything the server writes — uploads, codebooks, study reports — lives
// in one directory made for this process alone (mkdtemp: a new name, mode
// 0700) and removed when the server stops. The client never names a path in
// it: files get fixed names (data.xlsx, codebook.yaml) inside folders named
// by random ids.

public final class SessionDirectory: Sendable {
  public let path: String

  /// Makes the directory under the system's temporary folder ($TMPDIR).
  public init(prefix: String = "clusterstat-serve") throws(ServeError) {
    let base = FileManager.default.temporaryDirectory.path
    var template = Array("\(base)/\(prefix)-XXXXXX".utf8CString)
    let made = template.withUnsafeMutableBufferPointer { buffer in mkdtemp(buffer.baseAddress!) }
    guard made != nil else {
      throw ServeError(.internalServerError, "cannot create a session directory under \(base): \(String(cString: strerror(errno)))")
    }
    path = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
  }

  /// A folder for one dataset (its id is random hex, checked by the caller).
  func folder(_ id: String) throws(ServeError) -> String {
    let folder = path + "/" + id
    do {
      try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
    } catch {
      throw ServeError(.internalServerError, "cannot create a folder in the session directory: \(error.localizedDescription)")
    }
    return folder
  }

  /// True when `candidate` (after resolving `..` and symbolic links) lies inside the directory.
  public func contains(_ candidate: String) -> Bool {
    let root = URL(fileURLWithPath: path).resolvingSymlinksInPath().standardizedFileURL.path
    let target = URL(fileURLWithPath: candidate).resolvingSymlinksInPath().standardizedFileURL.path
    return target.hasPrefix(root + "/")
  }

  /// Removes the directory and everything in it.
  public func remove() {
    try? FileManager.default.removeItem(atPath: path)
  }
}
