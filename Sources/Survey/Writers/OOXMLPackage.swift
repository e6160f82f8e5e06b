import Foundation
import ZIPFoundation

// An Office Open XML package (ECMA-376 Part 2): a ZIP archive of XML parts.
// Every entry gets the same fixed time stamp, built from calendar fields in
// the local time zone (ZIP stores local DOS time), so the same content gives
// the same bytes on every machine and every run.

public enum OOXMLPackage {
  /// The archive bytes of the given parts, in the given order.
  public static func archive(_ parts: [(path: String, content: String)]) throws -> Data {
    try archive(parts.map { ($0.path, Data($0.content.utf8)) })
  }

  /// The archive of parts given as bytes (tests build malformed parts so).
  public static func archive(_ parts: [(path: String, content: Data)]) throws -> Data {
    let archive = try Archive(data: Data(), accessMode: .create)
    var c = DateComponents()
    (c.year, c.month, c.day, c.hour, c.minute, c.second) = (2018, 5, 1, 0, 0, 0)
    let stamp = Calendar.current.date(from: c) ?? Date(timeIntervalSince1970: 1_525_132_800)
    for (path, data) in parts {
      try archive.addEntry(
        with: path, type: .file, uncompressedSize: Int64(data.count), modificationDate: stamp,
        permissions: 0o644, compressionMethod: .deflate
      ) { position, size in
        data.subdata(in: Int(position)..<Int(position) + size)
      }
    }
    guard let bytes = archive.data else { throw CocoaError(.fileWriteUnknown) }
    return bytes
  }

  static let ns = "http://schemas.openxmlformats.org"

  /// [Content_Types].xml: the defaults for .rels and .xml (and `defaults`,
  /// by extension, for media such as png → image/png), and one override per main part.
  public static func contentTypes(_ overrides: [(part: String, type: String)], defaults: [(ext: String, type: String)] = []) -> String {
    #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
      + "<Types xmlns=\"\(ns)/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/>"
      + defaults.map { "<Default Extension=\"\($0.ext)\" ContentType=\"\($0.type)\"/>" }.joined()
      + overrides.map { "<Override PartName=\"\($0.part)\" ContentType=\"application/vnd.openxmlformats-officedocument.\($0.type)\"/>" }.joined()
      + "</Types>"
  }

  /// A relationships part; `type` is the last path element of the relationship type.
  public static func relationships(_ rels: [(id: String, type: String, target: String)]) -> String {
    #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
      + "<Relationships xmlns=\"\(ns)/package/2006/relationships\">"
      + rels.map { "<Relationship Id=\"\($0.id)\" Type=\"\(ns)/officeDocument/2006/relationships/\($0.type)\" Target=\"\($0.target)\"/>" }.joined()
      + "</Relationships>"
  }

  /// Text for an XML attribute or element.
  public static func escape(_ s: String) -> String {
    var out = ""
    out.reserveCapacity(s.utf8.count)
    for ch in s.unicodeScalars {
      switch ch {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "\t", "\n", "\r": out.unicodeScalars.append(ch)
      default:
        // Control characters are not allowed in XML 1.0.
        if ch.value < 0x20 { continue }
        out.unicodeScalars.append(ch)
      }
    }
    return out
  }
}
