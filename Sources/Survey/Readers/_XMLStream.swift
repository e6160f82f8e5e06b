import CLibXML2
// ZIPFoundation's zlib module, for zlib's CRC-32 (ZIPFoundation's own on Linux
// is a byte-wise Swift loop, a tenth of the read).
import CZlib
import Foundation
import ZIPFoundation

// A ZIP entry's XML (ECMA-376 Part 2, Open Packaging Conventions) parsed as a
// stream: ZIPFoundation inflates the entry chunk by chunk and libxml2's SAX2
// push parser takes each chunk, so memory is one chunk plus what the handler
// keeps, whatever the part's size. The entry's declared sizes are checked
// before a byte is inflated and the bytes counted as they come, so a zip bomb
// is refused at once. libxml2 (not Foundation's XMLParser) judges the bytes:
// invalid UTF-8, a truncated part or an undefined entity is a parser error
// with a line and column, never a trap; entities are never expanded (no
// entity-declaration handler) and nothing is fetched from the network.

/// What a part's XML is read by: subclasses override the three events. An
/// override throws to stop the parse; the error is what the read throws.
class _XMLStream {
  let file: String
  let part: String
  let limits: ReadLimits
  var maxDepth: Int { limits.maxXMLDepth }
  private(set) var depth = 0
  /// The first error; once set, no event reaches the handler.
  fileprivate var failure: InputError? { didSet { failed = failure != nil } }
  fileprivate var failed = false
  /// The part's bytes, for a part that is then decoded whole (nil: not kept).
  var kept: Data?

  init(file: String, part: String, limits: ReadLimits) {
    self.file = file
    self.part = part
    self.limits = limits
  }

  /// An element's local name (NUL-terminated) and its attributes.
  func start(_ name: UnsafePointer<UInt8>, _ attributes: _XMLAttributes) throws(InputError) {}
  func end(_ name: UnsafePointer<UInt8>) throws(InputError) {}
  func characters(_ bytes: UnsafeBufferPointer<UInt8>) throws(InputError) {}
  /// After the whole part parsed without error.
  func finish() throws(InputError) {}

  /// Bad input in this part, in the reader's words.
  func damaged(_ what: String) -> InputError {
    InputError(file: file, "is a damaged .xlsx workbook: \(part) \(what)")
  }

  fileprivate func enter() throws(InputError) {
    depth += 1
    if depth > maxDepth {
      throw damaged("nests elements more than \(maxDepth) deep (the limit on XML nesting depth); no spreadsheet part needs more than a few levels")
    }
  }

  fileprivate func leave() { depth -= 1 }
}

/// SAX2 attributes: five pointers each (local name, prefix, URI, value start, value end).
struct _XMLAttributes {
  let base: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?
  let count: Int

  /// The value of the un-prefixed attribute `name`, as bytes valid during the callback.
  func value(_ name: StaticString) -> UnsafeBufferPointer<UInt8>? {
    guard let base else { return nil }
    for k in 0..<count {
      let a = base + 5 * k
      guard let local = a[0], a[1] == nil, _xmlNameIs(local, name), let start = a[3], let end = a[4] else { continue }
      return UnsafeBufferPointer(start: start, count: end - start)
    }
    return nil
  }
}

/// Whether a NUL-terminated name equals `literal`.
@inline(__always)
func _xmlNameIs(_ name: UnsafePointer<UInt8>, _ literal: StaticString) -> Bool {
  let n = literal.utf8CodeUnitCount
  let lit = literal.utf8Start
  for k in 0..<n where name[k] != lit[k] { return false }
  return name[n] == 0
}

private func _stream(_ ctx: UnsafeMutableRawPointer?) -> _XMLStream {
  Unmanaged<_XMLStream>.fromOpaque(ctx!).takeUnretainedValue()
}

/// The C callbacks: each hands the event to the stream and stops the parser
/// on the first error, since a Swift error cannot cross libxml2's frames.
private func _handlers() -> xmlSAXHandler {
  var sax = xmlSAXHandler()
  sax.initialized = XML_SAX2_MAGIC
  sax.startElementNs = { ctx, localname, _, _, _, _, nAttributes, _, attributes in
    let s = _stream(ctx)
    guard !s.failed, let localname else { return }
    do throws(InputError) {
      try s.enter()
      try s.start(localname, _XMLAttributes(base: attributes, count: Int(nAttributes)))
    } catch {
      s.failure = error
    }
  }
  sax.endElementNs = { ctx, localname, _, _ in
    let s = _stream(ctx)
    guard !s.failed, let localname else { return }
    s.leave()
    do throws(InputError) { try s.end(localname) } catch { s.failure = error }
  }
  sax.characters = { ctx, bytes, count in
    let s = _stream(ctx)
    guard !s.failed, let bytes, count > 0 else { return }
    do throws(InputError) { try s.characters(UnsafeBufferPointer(start: bytes, count: Int(count))) } catch { s.failure = error }
  }
  // Errors are read from the context after each chunk; this keeps libxml2
  // from printing them on standard error as well.
  sax.serror = { _, _ in }
  return sax
}

/// The refusal of one entry, carried out of ZIPFoundation's consumer closure.
private struct _EntryRefused: Error { let error: InputError }

extension _XMLStream {
  /// Parses entry `entry` of `archive` through this stream.
  func parse(_ archive: Archive, _ entry: Entry) throws(InputError) {
    var sax = _handlers()
    let me = Unmanaged.passUnretained(self).toOpaque()
    guard let ctxt = xmlCreatePushParserCtxt(&sax, me, nil, 0, part) else {
      throw InputError(file: file, "cannot start an XML parser for \(part) (out of memory)")
    }
    defer { xmlFreeParserCtxt(ctxt) }
    // No network, no DTD loading, no entity substitution; past libxml2's own
    // depth limit only when ours is set higher.
    var options = Int32(XML_PARSE_NONET.rawValue)
    if maxDepth > 256 { options |= Int32(XML_PARSE_HUGE.rawValue) }
    xmlCtxtUseOptions(ctxt, options)

    func check() throws(InputError) {
      if let failure { throw failure }
      if ctxt.pointee.wellFormed == 0 || ctxt.pointee.disableSAX != 0 {
        throw xmlError(ctxt)
      }
    }
    try _streamEntry(archive, entry, file: file, part: part, limits: limits) { (chunk: UnsafeRawBufferPointer) throws(InputError) in
      if kept != nil { kept!.append(contentsOf: chunk.bindMemory(to: UInt8.self)) }
      // xmlParseChunk takes an Int32 count: feed at most 1 MiB at a time.
      var offset = 0
      while offset < chunk.count {
        let n = min(chunk.count - offset, 1 << 20)
        let p = chunk.baseAddress!.advanced(by: offset).assumingMemoryBound(to: CChar.self)
        xmlParseChunk(ctxt, p, Int32(n), 0)
        try check()
        offset += n
      }
    }
    xmlParseChunk(ctxt, nil, 0, 1)
    try check()
    try finish()
  }

  /// libxml2's last error with its place in the part.
  private func xmlError(_ ctxt: xmlParserCtxtPtr) -> InputError {
    guard let e = xmlCtxtGetLastError(ctxt) else { return damaged("is not well-formed XML") }
    let text = e.pointee.message.map { String(cString: $0) }?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "parser error"
    return damaged("is not well-formed XML at line \(e.pointee.line), column \(e.pointee.int2): \(text)")
  }
}

/// Streams one entry's decompressed bytes to `consume`, refusing it by its
/// declared sizes before inflating anything and by the bytes as they come
/// (declared sizes can lie).
func _streamEntry(
  _ archive: Archive, _ entry: Entry, file: String, part: String, limits: ReadLimits,
  consume: (UnsafeRawBufferPointer) throws(InputError) -> Void
) throws(InputError) {
  let declared = entry.uncompressedSize
  // Stored bytes can be no more than the file holds; an absurd declared
  // compressed size cannot dilute the ratio beyond that.
  let compressed = max(Int64(clamping: entry.compressedSize), 1)
  func tooBig(_ bytes: Int64) -> InputError {
    InputError(file: file,
      "\(part) inflates to \(_megabytes(bytes)), over the limit of \(_megabytes(limits.maxUnzippedBytes)) for one part of a workbook; if the file is genuine, raise the limit with \(ReadLimits.unzippedVariable)=<MB>")
  }
  func tooCompressed(_ bytes: Int64) -> InputError {
    InputError(file: file,
      "\(part) is compressed more than \(limits.maxCompressionRatio):1 (\(_megabytes(bytes)) from \(_megabytes(compressed))), as a zip bomb is; if the file is genuine, raise the limit with \(ReadLimits.ratioVariable)=<ratio>")
  }
  func overRatio(_ bytes: Int64) -> Bool {
    guard bytes > limits.ratioCheckAfterBytes else { return false }
    let (allowed, overflow) = compressed.multipliedReportingOverflow(by: limits.maxCompressionRatio)
    return !overflow && bytes > allowed
  }
  let declaredBytes = Int64(clamping: declared)
  if declaredBytes > limits.maxUnzippedBytes { throw tooBig(declaredBytes) }
  if overRatio(declaredBytes) { throw tooCompressed(declaredBytes) }

  var seen: Int64 = 0
  var crc: UInt = 0
  do {
    _ = try archive.extract(entry, bufferSize: 256 << 10, skipCRC32: true) { data in
      // The declared sizes passed the limits; bytes past them are a lie, so
      // counting against the declared size keeps both limits.
      seen += Int64(data.count)
      if seen > declaredBytes {
        throw _EntryRefused(error: InputError(file: file,
          "is a damaged .xlsx workbook: \(part) inflates past the \(declaredBytes) bytes its ZIP entry declares"))
      }
      var refused: InputError?
      data.withUnsafeBytes { raw in
        crc = CZlib.crc32(crc, raw.bindMemory(to: UInt8.self).baseAddress, UInt32(raw.count))
        do throws(InputError) { try consume(raw) } catch { refused = error }
      }
      if let refused { throw _EntryRefused(error: refused) }
    }
  } catch let refused as _EntryRefused {
    throw refused.error
  } catch {
    throw InputError(file: file, "is a damaged .xlsx workbook: the part \(part) cannot be decompressed")
  }
  if UInt32(truncatingIfNeeded: crc) != entry.checksum {
    throw InputError(file: file, "is a damaged .xlsx workbook: the part \(part) fails its CRC-32 check")
  }
}

/// Bytes in MB (or KB below one MB), for messages.
func _megabytes(_ bytes: Int64) -> String {
  bytes < 1 << 20 ? "\(max(bytes >> 10, 1)) KB" : "\(bytes >> 20) MB"
}
