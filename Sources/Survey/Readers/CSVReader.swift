#if canImport(Glibc)
import Glibc
#endif
import Foundation

// A streaming CSV tokenizer (RFC 4180): quoted fields with embedded
// delimiters, doubled quotes and line breaks; CRLF, LF or CR line ends;
// comma, tab or semicolon detected from the header line. It reads the file in
// chunks and hands out one record at a time without copying fields, so a
// million-row file costs the memory of one chunk plus what the consumer keeps.

/// A field delimiter the user may name (detected when none is given).
public enum Delimiter: String, Sendable, CaseIterable {
  case comma, tab, semicolon

  /// The name, or the character itself (`\t` written out too).
  public init?(userValue: String) {
    switch userValue.lowercased() {
    case ",", "comma": self = .comma
    case "\t", "\\t", "tab": self = .tab
    case ";", "semicolon": self = .semicolon
    default: return nil
    }
  }

  public var byte: UInt8 {
    switch self {
    case .comma: UInt8(ascii: ",")
    case .tab: 9
    case .semicolon: UInt8(ascii: ";")
    }
  }
}

public struct CSVOptions: Sendable {
  /// nil: detect from the header line (comma, tab or semicolon).
  public var delimiter: UInt8?
  /// nil: detect (BOM, else valid UTF-8, else GB18030/GBK).
  public var encoding: TextEncoding?
  /// Cells that mean "missing" besides empty, NA, N/A, #N/A, NaN and "." —
  /// e.g. 问卷星's -2 (skipped) and -3 (not shown). Numeric codes also match
  /// numerically ("-2.0" is -2).
  public var missingCodes: [String]
  /// Bytes read at a time.
  public var chunkSize: Int
  /// Rows expected, when known roughly: columns reserve that much at once
  /// instead of doubling (which at the end holds up to twice the data).
  public var expectedRows: Int?

  public init(delimiter: UInt8? = nil, encoding: TextEncoding? = nil, missingCodes: [String] = [], chunkSize: Int = 1 << 20) {
    self.delimiter = delimiter
    self.encoding = encoding
    self.missingCodes = missingCodes
    self.chunkSize = max(64, chunkSize)
  }
}

/// What one cell holds when read as a number.
public enum NumericCell: Equatable, Sendable {
  case missing
  case number(Double)
  case notNumber
}

public final class CSVReader {
  public let path: String
  public private(set) var header: [String] = []
  public private(set) var encoding: TextEncoding = .utf8
  public private(set) var delimiter: UInt8 = UInt8(ascii: ",")
  /// 1-based data row of the current record.
  public private(set) var row = 0
  /// 1-based line on which the current record starts.
  public private(set) var line = 0

  private let fd: Int32
  private var buffer: UnsafeMutablePointer<UInt8>
  private var capacity: Int
  private var pos = 0
  private var end = 0
  private var eof = false
  private var nextLine = 1
  /// File offset of buffer[0].
  private var bufferOffset = 0
  /// File offset at which reading stops (a part of the file), or Int.max.
  private var limit = Int.max
  /// In a part: stop at the first quote byte (see `part(...)`).
  private var refuseQuotes = false
  /// True when a part stopped because it met a quote byte.
  public private(set) var stoppedAtQuote = false

  /// File offset of the first data byte (after the header line).
  public private(set) var dataOffset = 0
  /// File offset of the next byte to read (after the current record).
  public var offset: Int { bufferOffset + pos }

  private var fields = _FieldTable()
  public var fieldCount: Int { fields.count }

  private let missing: _MissingCodes
  private var gbDecoder: _GB18030Decoder?

  public init(path: String, options: CSVOptions = CSVOptions()) throws(InputError) {
    AtomicFile.protect(path)
    self.path = path
    var st = stat()
    guard stat(path, &st) == 0 else {
      throw InputError(file: path, "file not found")
    }
    if (st.st_mode & S_IFMT) == S_IFDIR { throw InputError(file: path, "is a directory, not a data file") }
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else { throw InputError(file: path, "cannot open: \(String(cString: strerror(errno)))") }
    self.fd = fd
    capacity = options.chunkSize
    buffer = .allocate(capacity: capacity)
    missing = _MissingCodes(options.missingCodes)

    try fill()
    if end == 0 { throw InputError(file: path, "file is empty") }
    try detectEncoding(options.encoding)
    delimiter = options.delimiter ?? detectDelimiter()
    guard try nextRecordRaw() else { throw InputError(file: path, "file is empty") }
    if fieldCount > ReadLimits.process.maxFields {
      throw InputError(file: path, line: 1, "the header has \(fieldCount) fields, more than ClusterStat's limit of \(ReadLimits.process.maxFields) (raise it with CLUSTERSTAT_MAX_FIELDS)")
    }
    var names: [String] = []
    for i in 0..<fieldCount {
      let name = try decodeField(i, isHeader: true).trimmingCharacters(in: .whitespaces)
      names.append(name.isEmpty ? "V\(i + 1)" : name)
    }
    var seen: [String: Int] = [:]
    for (i, n) in names.enumerated() {
      if let first = seen[n] {
        throw InputError(file: path, line: 1, "duplicate column name '\(n)' (columns \(first + 1) and \(i + 1)); rename one of them")
      }
      seen[n] = i
    }
    header = names
    row = 0
    dataOffset = bufferOffset + pos
  }

  /// A reader of bytes [start, end) of the same file, which must begin at a
  /// record boundary, with this reader's header, encoding and delimiter.
  /// Row and line numbers count from the part's start. The part stops (with
  /// `stoppedAtQuote`) at the first quote byte it reads: without quotes a
  /// line break always ends a record, so a boundary found by searching for a
  /// line break is a record boundary; with quotes it might not be, and the
  /// caller must read the file sequentially instead.
  public func part(from start: Int, to end: Int) throws(InputError) -> CSVReader {
    try CSVReader(part: self, start: start, end: end)
  }

  private init(part base: CSVReader, start: Int, end: Int) throws(InputError) {
    path = base.path
    fd = open(base.path, O_RDONLY)
    guard fd >= 0 else { throw InputError(file: base.path, "cannot open: \(String(cString: strerror(errno)))") }
    capacity = base.capacity
    buffer = .allocate(capacity: capacity)
    missing = base.missing
    header = base.header
    encoding = base.encoding
    delimiter = base.delimiter
    refuseQuotes = true
    limit = end
    bufferOffset = start
    dataOffset = start
    if lseek(fd, off_t(start), SEEK_SET) < 0 {
      throw InputError(file: base.path, "cannot seek: \(String(cString: strerror(errno)))")
    }
  }

  deinit {
    close(fd)
    buffer.deallocate()
    fields.deallocate()
  }

  // MARK: reading

  /// Advances to the next data record; false at the end of the file.
  public func next() throws(InputError) -> Bool {
    guard try nextRecordRaw() else { return false }
    row += 1
    if fieldCount > ReadLimits.process.maxFields {
      throw InputError(file: path, row: row, line: line,
        "has \(fieldCount) fields, more than ClusterStat's limit of \(ReadLimits.process.maxFields) (raise it with CLUSTERSTAT_MAX_FIELDS)")
    }
    if fieldCount != header.count {
      throw InputError(file: path, row: row, line: line,
        "has \(fieldCount) field\(fieldCount == 1 ? "" : "s"), the header has \(header.count) (a ragged row: check for an unquoted delimiter or a missing one)")
    }
    return true
  }

  /// A view of the current record for hot loops: plain `let` fields, so
  /// reading a cell costs no exclusivity check. Valid until `next()`.
  public var record: CSVRecord {
    CSVRecord(buffer: UnsafePointer(buffer), starts: UnsafePointer(fields.start), ends: UnsafePointer(fields.end),
              count: fields.count, delimiter: delimiter, missing: missing)
  }

  /// The current record's field `i` as a number.
  public func numeric(_ i: Int) -> NumericCell { record.numeric(i) }

  /// The current record's field `i` as text (quotes removed, "" → ").
  public func text(_ i: Int) throws(InputError) -> String {
    try decodeField(i, isHeader: false)
  }

  private func decodeField(_ i: Int, isHeader: Bool) throws(InputError) -> String {
    let a = fields.start[i], b = fields.end[i]
    var bytes = UnsafeBufferPointer(start: buffer + a, count: b - a)
    if bytes.contains(0) {
      throw InputError(file: path, row: isHeader ? nil : row, line: line, column: columnName(i),
        "holds a NUL byte (0x00): the file is damaged or not text; re-export it")
    }
    var unescaped: [UInt8] = []
    let quoted = fields.quoted[i]
    if quoted {
      // Content between the quotes, with "" standing for one quote.
      var k = 0
      unescaped.reserveCapacity(bytes.count)
      while k < bytes.count {
        unescaped.append(bytes[k])
        k += bytes[k] == UInt8(ascii: "\"") ? 2 : 1
      }
    }
    return try unescaped.withUnsafeBufferPointer { (u: UnsafeBufferPointer<UInt8>) throws(InputError) -> String in
      if quoted { bytes = u }
      switch encoding {
      case .utf8:
        if let bad = _EncodingCheck.firstInvalidUTF8(bytes, truncatedTailOK: false) {
          throw InputError(file: path, row: isHeader ? nil : row, line: line, column: columnName(i),
            "invalid UTF-8 (byte 0x\(String(bytes[bad], radix: 16, uppercase: true)) at offset \(bad) of the cell); if the file is GBK, name its encoding", settings: [.encoding])
        }
        return String(decoding: bytes, as: UTF8.self)
      case .gb18030:
        if gbDecoder == nil { gbDecoder = try _GB18030Decoder() }
        guard let s = gbDecoder!.decode(bytes) else {
          throw InputError(file: path, row: isHeader ? nil : row, line: line, column: columnName(i),
            "invalid GB18030/GBK text in this cell")
        }
        return s
      }
    }
  }

  private func columnName(_ i: Int) -> String {
    i < header.count ? header[i] : "#\(i + 1)"
  }

  // MARK: buffer management

  /// Reads more bytes after `end`, compacting and growing the buffer as needed.
  private func fill() throws(InputError) {
    if pos > 0 {
      let live = end - pos
      if live > 0 { memmove(buffer, buffer + pos, live) }
      bufferOffset += pos
      end = live
      pos = 0
    }
    if end == capacity {
      // One record is larger than the buffer: grow it, up to the limit (a
      // 2 GB line would otherwise take all the memory there is).
      guard capacity < ReadLimits.process.maxRecordBytes else {
        throw InputError(file: path, line: nextLine,
          "a record (line) is longer than \(ReadLimits.process.maxRecordBytes >> 20) MB, ClusterStat's limit; is this a CSV file? (raise the limit with CLUSTERSTAT_MAX_LINE_MB)")
      }
      let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * 2)
      bigger.update(from: buffer, count: end)
      buffer.deallocate()
      buffer = bigger
      capacity *= 2
    }
    let before = end
    while end < capacity {
      let want = min(capacity - end, limit - (bufferOffset + end))
      if want <= 0 { eof = true; break }
      let n = read(fd, buffer + end, want)
      if n < 0 {
        if errno == EINTR { continue }
        throw InputError(file: path, "read error: \(String(cString: strerror(errno)))")
      }
      if n == 0 { eof = true; break }
      end += n
    }
    if refuseQuotes, end > before, memchr(buffer + before, 34, end - before) != nil {
      stoppedAtQuote = true
      eof = true
      end = pos
    }
  }

  private func detectEncoding(_ requested: TextEncoding?) throws(InputError) {
    if end >= 2, (buffer[0] == 0xFF && buffer[1] == 0xFE) || (buffer[0] == 0xFE && buffer[1] == 0xFF) {
      throw InputError(file: path, "is UTF-16 text; save it as UTF-8 (or CSV from Excel) and try again")
    }
    let hasBOM = end >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF
    if hasBOM { pos = 3 }
    if let requested {
      encoding = requested
      return
    }
    if hasBOM { encoding = .utf8; return }
    let chunk = UnsafeBufferPointer(start: buffer + pos, count: end - pos)
    guard let badUTF8 = _EncodingCheck.firstInvalidUTF8(chunk, truncatedTailOK: !eof) else {
      encoding = .utf8
      return
    }
    // Mostly valid UTF-8 with a few bad rows (GBK text pasted into a UTF-8
    // file): decoding all of it as GBK would garble every other row in silence.
    let census = _EncodingCheck.utf8Census(chunk)
    if census.valid >= 3, census.valid >= 4 * census.invalid.count {
      var lines: [Int] = []
      var line = 1, k = 0
      for (offset, byte) in chunk.enumerated() {
        while k < census.invalid.count, census.invalid[k] == offset {
          if lines.last != line { lines.append(line) }
          k += 1
        }
        if byte == 10 { line += 1 }
      }
      throw InputError(file: path, line: lines.first,
        "is UTF-8 text except on line\(lines.count == 1 ? "" : "s") \(lines.prefix(8).map(String.init).joined(separator: ", "))\(lines.count > 8 ? ", …" : "") (bytes that are not UTF-8, perhaps rows pasted from a GBK file); re-save those rows as UTF-8, or name the file's encoding", settings: [.encoding])
    }
    if _EncodingCheck.firstInvalidGB18030(chunk, truncatedTailOK: !eof) == nil {
      encoding = .gb18030
      return
    }
    let lineNo = 1 + chunk[..<badUTF8].reduce(0) { $0 + ($1 == 10 ? 1 : 0) }
    throw InputError(file: path, line: lineNo,
      "text is neither UTF-8 nor GBK/GB18030 (byte 0x\(String(chunk[badUTF8], radix: 16, uppercase: true)) at byte \(badUTF8 + pos)); is this a text file? Re-save it as CSV UTF-8, or name the encoding", settings: [.encoding])
  }

  /// The delimiter that occurs most often outside quotes on the first line.
  private func detectDelimiter() -> UInt8 {
    var counts: [UInt8: Int] = [44: 0, 9: 0, 59: 0]
    var inQuotes = false
    var i = pos
    while i < end {
      let c = buffer[i]
      if c == 34 { inQuotes.toggle() } else if !inQuotes {
        if c == 10 || c == 13 { break }
        if counts[c] != nil { counts[c]! += 1 }
      }
      i += 1
    }
    let best = counts.max { a, b in a.value < b.value || (a.value == b.value && a.key != 44 && b.key == 44) }!
    return best.value > 0 ? best.key : 44
  }

  // MARK: tokenizer

  private enum Scan { case complete, needMore }

  /// Tokenizes the next record (header included); false at the end of the file.
  private func nextRecordRaw() throws(InputError) -> Bool {
    while true {
      if pos == end {
        if eof { return false }
        try fill()
        continue
      }
      let startPos = pos
      let startLine = nextLine
      switch try scanRecord() {
      case .complete:
        line = startLine
        // A blank line is not a record.
        if fields.count == 1, !fields.quoted[0], fields.start[0] == fields.end[0] { continue }
        return true
      case .needMore:
        pos = startPos
        nextLine = startLine
        try fill()
      }
    }
  }

  /// Scans one record from `pos`. On `.needMore` the caller rewinds and refills.
  private func scanRecord() throws(InputError) -> Scan {
    let buf = buffer
    let delim = delimiter
    let end = end
    let eof = eof
    var p = pos
    var lines = 0
    // Work on a local copy of the field table (no exclusivity checks per
    // field); `defer` stores it back on every exit.
    var ft = fields
    ft.count = 0
    defer { fields = ft }
    while true {
      // Start of a field.
      if p < end, buf[p] == 34 {
        let openLine = nextLine + lines
        let contentStart = p + 1
        var q = contentStart
        while true {
          if q >= end {
            if eof {
              throw InputError(file: path, row: header.isEmpty ? nil : row + 1, line: openLine, column: columnName(ft.count),
                "unterminated quoted field (the quote opened here is never closed)")
            }
            return .needMore
          }
          let c = buf[q]
          if c == 34 {
            if q + 1 >= end, !eof { return .needMore }
            if q + 1 < end, buf[q + 1] == 34 { q += 2; continue }
            break
          }
          if c == 10 { lines += 1 }
          q += 1
        }
        ft.push(contentStart, q, quoted: true)
        p = q + 1
        if p >= end {
          if !eof { return .needMore }
          break
        }
        let c = buf[p]
        if c == delim { p += 1; continue }
        if c == 10 || c == 13 { return finishLine(p, lines, end: end, eof: eof) }
        throw InputError(file: path, row: header.isEmpty ? nil : row + 1, line: nextLine + lines, column: columnName(ft.count - 1),
          "unexpected character after a closing quote (a quote inside a quoted field must be doubled: \"\")")
      }
      // Unquoted field: up to the delimiter or the line end.
      let a = p
      while p < end {
        let c = buf[p]
        if c == delim || c == 10 || c == 13 { break }
        p += 1
      }
      if p >= end {
        if !eof { return .needMore }
        ft.push(a, p, quoted: false)
        break
      }
      ft.push(a, p, quoted: false)
      if buf[p] == delim {
        p += 1
        // A delimiter at the very end of the file closes an empty last field.
        if p >= end {
          if !eof { return .needMore }
          ft.push(p, p, quoted: false)
          break
        }
        continue
      }
      return finishLine(p, lines, end: end, eof: eof)
    }
    pos = end
    nextLine += lines
    return .complete
  }

  /// `p` is at CR or LF ending the record.
  @inline(__always)
  private func finishLine(_ p: Int, _ lines: Int, end: Int, eof: Bool) -> Scan {
    var q = p
    if buffer[q] == 13 {
      if q + 1 >= end, !eof { return .needMore }
      q += 1
      if q < end, buffer[q] == 10 { q += 1 }
    } else {
      q += 1
    }
    pos = q
    nextLine += lines + 1
    return .complete
  }
}

/// Field boundaries of the current record (offsets into the reader's buffer).
struct _FieldTable {
  var start: UnsafeMutablePointer<Int>
  var end: UnsafeMutablePointer<Int>
  var quoted: UnsafeMutablePointer<Bool>
  var count = 0
  var capacity = 64

  init() {
    start = .allocate(capacity: capacity)
    end = .allocate(capacity: capacity)
    quoted = .allocate(capacity: capacity)
  }

  func deallocate() {
    start.deallocate()
    end.deallocate()
    quoted.deallocate()
  }

  @inline(__always)
  mutating func push(_ a: Int, _ b: Int, quoted q: Bool) {
    if count >= capacity {
      // Past the limit the fields are counted, not kept: the reader refuses the record.
      if capacity >= ReadLimits.process.maxFields { count += 1; return }
      grow()
    }
    start[count] = a
    end[count] = b
    quoted[count] = q
    count += 1
  }

  private mutating func grow() {
    let newCap = capacity * 2
    let s = UnsafeMutablePointer<Int>.allocate(capacity: newCap)
    let e = UnsafeMutablePointer<Int>.allocate(capacity: newCap)
    let q = UnsafeMutablePointer<Bool>.allocate(capacity: newCap)
    s.update(from: start, count: count)
    e.update(from: end, count: count)
    q.update(from: quoted, count: count)
    deallocate()
    start = s; end = e; quoted = q
    capacity = newCap
  }
}

/// The user's missing-value codes: exact tokens, and numbers matched by value.
struct _MissingCodes: @unchecked Sendable {
  let tokens: Set<[UInt8]>
  let numbers: Set<Double>

  init(_ codes: [String]) {
    var t = Set<[UInt8]>(), n = Set<Double>()
    for code in codes {
      let c = code.trimmingCharacters(in: .whitespaces)
      t.insert(Array(c.utf8))
      if let v = parseDecimal(c) { n.insert(v) }
    }
    tokens = t
    numbers = n
  }

  /// A cell given as a string (XLSX, SAV, recoded text), classified by the
  /// same rules as a CSV field.
  func classify(_ raw: String) -> NumericCell {
    let s = raw.trimmingCharacters(in: .whitespaces)
    if s.isEmpty { return .missing }
    switch s {
    case ".", "NA", "N/A", "#N/A", "NaN": return .missing
    default: break
    }
    if !tokens.isEmpty, tokens.contains(Array(s.utf8)) { return .missing }
    guard let v = parseDecimal(s) else { return .notNumber }
    if numbers.contains(v) { return .missing }
    return .number(v)
  }
}

/// The current record of a `CSVReader`, for reading cells in a hot loop.
public struct CSVRecord {
  let buffer: UnsafePointer<UInt8>
  let starts: UnsafePointer<Int>
  let ends: UnsafePointer<Int>
  public let count: Int
  let delimiter: UInt8
  let missing: _MissingCodes

  /// Field `i` as a number: missing (empty, NA, N/A, #N/A, NaN, ".", or a
  /// user code), a number, or not a number.
  @inline(__always)
  public func numeric(_ i: Int) -> NumericCell {
    var a = starts[i], b = ends[i]
    let tabIsSpace = delimiter != 9
    while a < b, buffer[a] == 32 || (buffer[a] == 9 && tabIsSpace) { a += 1 }
    while b > a, buffer[b - 1] == 32 || (buffer[b - 1] == 9 && tabIsSpace) { b -= 1 }
    let len = b - a
    if len == 0 { return .missing }
    if len <= 4, isStandardMissing(a, len) { return .missing }
    if !missing.tokens.isEmpty, missing.tokens.contains(Array(UnsafeBufferPointer(start: buffer + a, count: len))) {
      return .missing
    }
    switch _parseDecimal(buffer, a, b) {
    case .number(let v):
      if !missing.numbers.isEmpty, missing.numbers.contains(v) { return .missing }
      return .number(v)
    case .notNumber:
      return .notNumber
    }
  }

  @inline(__always)
  private func isStandardMissing(_ a: Int, _ len: Int) -> Bool {
    let c0 = buffer[a]
    // Every standard code starts with ".", "N" or "#"; numbers never do.
    guard c0 == UInt8(ascii: ".") || c0 == UInt8(ascii: "N") || c0 == UInt8(ascii: "#") else { return false }
    switch len {
    case 1: return c0 == UInt8(ascii: ".")
    case 2: return c0 == UInt8(ascii: "N") && buffer[a + 1] == UInt8(ascii: "A")
    case 3:
      return (c0 == UInt8(ascii: "N") && buffer[a + 1] == UInt8(ascii: "a") && buffer[a + 2] == UInt8(ascii: "N"))
        || (c0 == UInt8(ascii: "N") && buffer[a + 1] == UInt8(ascii: "/") && buffer[a + 2] == UInt8(ascii: "A"))
    case 4:
      return c0 == UInt8(ascii: "#") && buffer[a + 1] == UInt8(ascii: "N") && buffer[a + 2] == UInt8(ascii: "/")
        && buffer[a + 3] == UInt8(ascii: "A")
    default: return false
    }
  }
}
