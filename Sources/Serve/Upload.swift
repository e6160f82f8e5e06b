import Foundation
import Hummingbird

// An upload arrives as the raw body (the file's name in X-Filename, percent-
// encoded as the page sends it) or as multipart/form-data with one file part.
// The body is streamed to a file in the dataset's folder and counted as it
// comes: past the limit the file is removed and the answer is 413, so a large
// upload never sits in memory. The client's file name is kept for display
// only; the file is stored as data.<ext>, the extension one of the readers'.

enum Upload {
  /// The extensions the readers know (Ingest.format judges by content after that).
  static let extensions: Set<String> = ["csv", "tsv", "txt", "xlsx", "xlsm", "sav", "zsav"]

  /// The name as displayed: the last component of whatever path the client
  /// sent (either separator), control characters dropped, at most 200 characters.
  static func displayName(_ raw: String) -> String {
    let last = raw.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
    let clean = String(last.unicodeScalars.filter { !CharacterSet.controlCharacters.contains($0) }.map(Character.init))
    return String(clean.prefix(200))
  }

  /// The validated extension of the client's file name, or 415.
  static func fileExtension(_ raw: String) throws(ServeError) -> String {
    let name = displayName(raw)
    guard let dot = name.lastIndex(of: "."), dot != name.startIndex else {
      throw ServeError(.unsupportedMediaType, "the file name '\(name)' has no extension; upload a .csv, .tsv, .txt, .xlsx or .sav file")
    }
    let ext = name[name.index(after: dot)...].lowercased()
    guard extensions.contains(ext) else {
      throw ServeError(.unsupportedMediaType, "'.\(ext.prefix(16))' files are not read; upload a .csv, .tsv, .txt, .xlsx or .sav file (a legacy .xls: save it as .xlsx in Excel or WPS)")
    }
    return ext
  }

  /// Streams the request body into `path`; 413 (and no file) past `limit` bytes.
  static func stream(_ body: RequestBody, to path: String, limit: Int) async throws -> Int {
    guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]),
          let handle = FileHandle(forWritingAtPath: path)
    else { throw ServeError(.internalServerError, "cannot write the upload into the session directory") }
    var written = 0
    do {
      defer { try? handle.close() }
      for try await chunk in body {
        written += chunk.readableBytes
        if written > limit { throw tooLarge(limit) }
        try handle.write(contentsOf: chunk.readableBytesView)
      }
    } catch {
      try? FileManager.default.removeItem(atPath: path)
      throw error
    }
    return written
  }

  static func tooLarge(_ limit: Int) -> ServeError {
    ServeError(.contentTooLarge, "the upload is larger than the server's limit of \(limit / (1024 * 1024)) MB (clusterstat serve --max-upload-mb N raises it)")
  }

  /// The boundary of a multipart/form-data content type, or nil for a raw body.
  static func boundary(contentType: String?) throws(ServeError) -> String? {
    guard let contentType, contentType.lowercased().hasPrefix("multipart/") else { return nil }
    guard contentType.lowercased().hasPrefix("multipart/form-data") else {
      throw ServeError(.unsupportedMediaType, "only multipart/form-data is read, not \(contentType.prefix(60))")
    }
    for parameter in contentType.split(separator: ";").dropFirst() {
      let kv = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
      if kv.count == 2, kv[0].lowercased() == "boundary" {
        let b = kv[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        guard (1...70).contains(b.utf8.count) else { break }
        return b
      }
    }
    throw ServeError(.badRequest, "multipart/form-data without a valid boundary")
  }

  /// The first part of a multipart body that carries a file: its file name and
  /// the byte range of its content in `data`.
  static func filePart(in data: Data, boundary: String) throws(ServeError) -> (filename: String, range: Range<Int>) {
    let delimiter = Data("--\(boundary)".utf8)
    let crlf2 = Data("\r\n\r\n".utf8)
    var cursor = data.startIndex
    guard let first = data.range(of: delimiter, in: cursor..<data.endIndex) else {
      throw ServeError(.badRequest, "the multipart body does not start with its boundary")
    }
    cursor = first.upperBound
    while true {
      guard let headerEnd = data.range(of: crlf2, in: cursor..<data.endIndex) else {
        throw ServeError(.badRequest, "a part of the multipart body has no end of headers")
      }
      let headers = String(decoding: data[cursor..<headerEnd.lowerBound], as: UTF8.self)
      let contentStart = headerEnd.upperBound
      guard let next = data.range(of: Data("\r\n".utf8) + delimiter, in: contentStart..<data.endIndex) else {
        throw ServeError(.badRequest, "the multipart body ends inside a part (its closing boundary is missing)")
      }
      if let filename = Self.filename(inPartHeaders: headers) {
        return (filename, (contentStart - data.startIndex)..<(next.lowerBound - data.startIndex))
      }
      cursor = next.upperBound
      if data[cursor...].starts(with: Data("--".utf8)) { break }
    }
    throw ServeError(.badRequest, "the multipart body has no file part (a part with a filename)")
  }

  /// filename="…" (or filename*=UTF-8''…) of a part's Content-Disposition.
  static func filename(inPartHeaders headers: String) -> String? {
    for line in headers.components(separatedBy: "\r\n") where line.lowercased().hasPrefix("content-disposition:") {
      for item in line.split(separator: ";").dropFirst() {
        let kv = item.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
        guard kv.count == 2 else { continue }
        if kv[0].lowercased() == "filename*" {
          let v = kv[1]
          if let r = v.range(of: "''") { return String(v[r.upperBound...]).removingPercentEncoding }
        }
        if kv[0].lowercased() == "filename" { return kv[1].trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
      }
    }
    return nil
  }
}
