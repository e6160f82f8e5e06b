import Foundation
import Testing
import _TestSupport
import ZIPFoundation
@testable import Survey

// The streaming .xlsx reader (#18): malformed and hostile workbooks, built
// here, are bad input with a message naming the problem, never a crash, and
// a sheet past the old DOM reader's 10 MB reads back whole.
@Suite struct XLSXStreamingTests {
  static let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"

  /// A worksheet part of the given rows' XML.
  func sheetXML(_ rows: String) -> Data {
    Data(#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="\#(Self.main)"><sheetData>\#(rows)</sheetData></worksheet>"#.utf8)
  }

  /// A workbook file of the given sheet bytes and extra parts.
  func workbook(_ sheet: Data, _ extra: [(path: String, content: Data)] = []) throws -> String {
    try tempFile("w.xlsx", [UInt8](OOXMLPackage.archive(XLSXWriter.parts(sheet: "S", sheetXML: sheet) + extra)))
  }

  func workbook(rows: String, _ extra: [(path: String, content: Data)] = []) throws -> String {
    try workbook(sheetXML(rows), extra)
  }

  /// styles.xml whose cell style 1 is the built-in date format 14.
  var dateStyles: (path: String, content: Data) {
    ("xl/styles.xml", Data(#"<styleSheet xmlns="\#(Self.main)"><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs></styleSheet>"#.utf8))
  }

  let header = #"<row r="1"><c r="A1" t="inlineStr"><is><t>when</t></is></c></row>"#

  func error(_ path: String, _ options: XLSXOptions = XLSXOptions()) -> InputError? {
    inputError { _ = try XLSXReader.read(path: path, options: options) }
  }

  @Test func overLongCellReferences() throws {
    let pastLastRow = error(try workbook(rows: header + #"<row r="2"><c r="XFD1048577"><v>1</v></c></row>"#))
    #expect(pastLastRow?.message.contains("XFD1048577") == true)
    #expect(pastLastRow?.message.contains("beyond row 1,048,576") == true)
    #expect(pastLastRow?.message.contains("xl/worksheets/sheet1.xml") == true)
    let pastXFD = error(try workbook(rows: header + #"<row r="2"><c r="AAAAAAAAAAAA1"><v>1</v></c></row>"#))
    #expect(pastXFD?.message.contains("AAAAAAAAAAAA1") == true)
    #expect(pastXFD?.message.contains("beyond column XFD") == true)
    let row = error(try workbook(rows: header + #"<row r="99999999999999999999999"><c><v>1</v></c></row>"#))
    #expect(row?.message.contains("beyond row 1,048,576") == true)
    #expect(_columnIndex(ofReference: "XFD1") == 16_383 && _columnIndex(ofReference: "XFE1") == nil)
    #expect(_columnIndex(ofReference: "AAAAAAAAAAAAAAAAAAAAAAAA1") == nil)
  }

  @Test func rowBillionsWideByReference() throws {
    // ZZZZZZZ is column 8,353,082,582: the old reader grew a row that wide.
    let path = try workbook(rows: header + #"<row r="2"><c r="A2"><v>1</v></c><c r="ZZZZZZZ2"><v>2</v></c></row>"#)
    #expect(try Data(contentsOf: URL(fileURLWithPath: path)).count < 2_000)
    let e = error(path)
    #expect(e?.message.contains("ZZZZZZZ2") == true && e?.message.contains("beyond column XFD") == true)
    // Cells without references count on from the last; the width limit holds them too.
    var limits = ReadLimits()
    limits.maxColumns = 10
    let cells = String(repeating: "<c><v>1</v></c>", count: 11)
    let wide = error(try workbook(rows: header + "<row>\(cells)</row>"), XLSXOptions(limits: limits))
    #expect(wide?.message.contains("wider than 10 columns") == true)
  }

  @Test func datesOutsideExcelsRange() throws {
    for (v, shown) in [("1e300", "1e+300"), ("NaN", "nan"), ("-1", "-1.0"), ("2958466", "2958466.0")] {
      let e = error(try workbook(rows: header + #"<row r="2"><c r="A2" s="1"><v>\#(v)</v></c></row>"#, [dateStyles]))
      #expect(e?.message.contains("date-formatted cell A2 holds \(shown)") == true, "\(v): \(String(describing: e))")
      #expect(e?.message.contains("2,958,465") == true)
    }
    // The last date Excel has still reads.
    let ok = try XLSXReader.read(path: try workbook(rows: header + #"<row r="2"><c r="A2" s="1"><v>2958465</v></c></row>"#, [dateStyles]))
    #expect(ok.columns[0].values == .text(["9999-12-31"]))
  }

  @Test func deepNestingIsRefusedNotAStackOverflow() throws {
    let depth = 50_000
    let rows = String(repeating: "<x>", count: depth) + String(repeating: "</x>", count: depth)
    let e = error(try workbook(rows: rows))
    #expect(e?.message.contains("more than 256 deep") == true, "\(String(describing: e))")
    #expect(e?.message.contains("xl/worksheets/sheet1.xml") == true)
  }

  @Test func invalidUTF8InATagName() throws {
    var sheet = Data(#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="\#(Self.main)"><sheetData><row"#.utf8)
    sheet.append(contentsOf: [0xFF, 0xFE])
    sheet.append(Data(#" r="1"><c><v>1</v></c></row></sheetData></worksheet>"#.utf8))
    let e = error(try workbook(sheet))
    #expect(e?.message.contains("xl/worksheets/sheet1.xml is not well-formed XML at line 1") == true, "\(String(describing: e))")
    // In a part XMLCoder reads whole, the same byte is bad input too.
    var book = Data(#"<workbook xmlns="\#(Self.main)"><sheets"#.utf8)
    book.append(0xC3)
    book.append(Data(#"/></workbook>"#.utf8))
    var parts = XLSXWriter.parts(sheet: "S", sheetXML: sheetXML(header))
    parts[parts.firstIndex { $0.path == "xl/workbook.xml" }!].content = book
    let path = try tempFile("b.xlsx", [UInt8](OOXMLPackage.archive(parts)))
    #expect(error(path)?.message.contains("xl/workbook.xml is not well-formed XML") == true)
  }

  @Test func truncatedSheet() throws {
    let whole = sheetXML(header + #"<row r="2"><c r="A2"><v>1</v></c></row>"#)
    let e = error(try workbook(whole.prefix(whole.count - 30)))
    #expect(e?.message.contains("damaged") == true && e?.message.contains("not well-formed XML") == true, "\(String(describing: e))")
  }

  /// Sets the declared uncompressed size of `name` in the local header and
  /// the central directory (ZIP application note §4.3.7, §4.3.12).
  func declare(_ size: UInt32, for name: String, in zip: inout Data) {
    patch(size, local: 22, central: 24, for: name, in: &zip)
  }

  /// Sets a 4-byte field of `name`'s local header and central directory record.
  func patch(_ value: UInt32, local: Int, central: Int, for name: String, in zip: inout Data) {
    let nameBytes = Array(name.utf8)
    var bytes = [UInt8](zip)
    for (signature, at, nameAt) in [([0x50, 0x4B, 0x03, 0x04] as [UInt8], local, 30), ([0x50, 0x4B, 0x01, 0x02], central, 46)] {
      var i = 0
      while i + nameAt + nameBytes.count <= bytes.count {
        if Array(bytes[i..<i + 4]) == signature, Array(bytes[i + nameAt..<i + nameAt + nameBytes.count]) == nameBytes {
          for k in 0..<4 { bytes[i + at + k] = UInt8((value >> (8 * UInt32(k))) & 0xFF) }
        }
        i += 1
      }
    }
    zip = Data(bytes)
  }

  @Test func checksumMismatchIsDamage() throws {
    var zip = try OOXMLPackage.archive(XLSXWriter.parts(sheet: "S", sheetXML: sheetXML(header + #"<row r="2"><c r="A2"><v>1</v></c></row>"#)))
    patch(0x1234_5678, local: 14, central: 16, for: "xl/worksheets/sheet1.xml", in: &zip)
    let e = error(try tempFile("crc.xlsx", [UInt8](zip)))
    #expect(e?.message.contains("xl/worksheets/sheet1.xml fails its CRC-32 check") == true, "\(String(describing: e))")
  }

  /// A sheet of `padding` bytes of spaces between rows: 1000:1 and more under deflate.
  func paddedSheet(_ padding: Int) -> Data {
    sheetXML(header + String(repeating: " ", count: padding) + #"<row r="2"><c r="A2"><v>1</v></c></row>"#)
  }

  @Test func zipBombDeclaredSizeIsRefusedBeforeInflating() throws {
    var zip = try OOXMLPackage.archive(XLSXWriter.parts(sheet: "S", sheetXML: paddedSheet(8 << 20)))
    declare(2 << 30, for: "xl/worksheets/sheet1.xml", in: &zip)
    let path = try tempFile("bomb.xlsx", [UInt8](zip))
    let archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
    #expect(archive["xl/worksheets/sheet1.xml"]?.uncompressedSize == 2 << 30)
    let started = Date()
    let e = error(path)
    #expect(Date().timeIntervalSince(started) < 1)
    #expect(e?.message.contains("inflates to 2048 MB") == true, "\(String(describing: e))")
    #expect(e?.message.contains("CLUSTERSTAT_MAX_UNZIPPED_MB") == true)
  }

  @Test func zipBombRatioIsRefused() throws {
    // 20 MB of spaces deflate to about 20 KB: past 10 MB at 1000:1.
    let path = try workbook(paddedSheet(20 << 20))
    let e = error(path)
    #expect(e?.message.contains("compressed more than 100:1") == true, "\(String(describing: e))")
    #expect(e?.message.contains("CLUSTERSTAT_MAX_ZIP_RATIO") == true)
    // Raised, it reads.
    var limits = ReadLimits()
    limits.maxCompressionRatio = 100_000
    #expect(try XLSXReader.read(path: path, options: XLSXOptions(limits: limits)).rowCount == 1)
    // A lowered size limit refuses it by size.
    limits.maxUnzippedBytes = 1 << 20
    #expect(error(path, XLSXOptions(limits: limits))?.message.contains("over the limit of 1 MB") == true)
  }

  @Test func entryInflatingPastItsDeclaredSize() throws {
    var zip = try OOXMLPackage.archive(XLSXWriter.parts(sheet: "S", sheetXML: paddedSheet(4 << 20)))
    declare(1000, for: "xl/worksheets/sheet1.xml", in: &zip)
    let e = error(try tempFile("lie.xlsx", [UInt8](zip)))
    #expect(e?.message.contains("inflates past the 1000 bytes its ZIP entry declares") == true, "\(String(describing: e))")
  }

  @Test func limitsFromTheEnvironment() throws {
    let l = try ReadLimits.fromEnvironment(["CLUSTERSTAT_MAX_UNZIPPED_MB": "2048", "CLUSTERSTAT_MAX_ZIP_RATIO": "500"])
    #expect(l.maxUnzippedBytes == 2 << 30 && l.maxCompressionRatio == 500)
    #expect(try ReadLimits.fromEnvironment([:]) == ReadLimits())
    let e = inputError { _ = try ReadLimits.fromEnvironment(["CLUSTERSTAT_MAX_ZIP_RATIO": "lots"]) }
    #expect(e?.message.contains("CLUSTERSTAT_MAX_ZIP_RATIO") == true)
  }

  @Test func stringsRunsAndWidening() throws {
    // Rich-text runs joined, a phonetic reading left out, inline and shared
    // strings, a later row wider than the header, a whitespace-only cell empty.
    let shared = ("xl/sharedStrings.xml", Data(#"""
      <sst xmlns="\#(Self.main)"><si><t xml:space="preserve"> a b </t></si><si><r><t>满</t></r><r><rPr><b/></rPr><t>意</t></r><rPh><t>まん</t></rPh></si></sst>
      """#.utf8))
    let rows = #"""
      <row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>x &amp; y</t></is></c></row>
      <row r="3"><c r="A3" t="s"><v>1</v></c><c r="B3"><v> 2.5 </v></c><c r="D3" t="b"><v>1</v></c></row>
      <row r="4"><c r="A4" t="inlineStr"><is><t>  </t></is></c></row>
      <row r="5"><c r="B5"><v>3</v></c></row>
      """#
    let f = try XLSXReader.read(path: try workbook(rows: rows, [shared]))
    #expect(f.columns.map(\.name) == ["a b", "x & y", "V3", "V4"])
    #expect(f.rowCount == 2 && f.lines == [3, 5])
    #expect(f.columns[0].values == .text(["满意", nil]))
    #expect(f.columns[1].values == .numeric([2.5, 3]))
    if case .numeric(let v) = f.columns[3].values { #expect(v[0] == 1 && v[1].isNaN) } else { Issue.record("D is not numeric") }
  }

  @Test(.tags(.slow), .enabled(if: slowTestsEnabled)) func largeWorkbookReadsBackIdentical() throws {
    // 20,000 × 50: about 25 MB of sheet XML, past the DOM reader's ~10 MB.
    var g = SplitMix64(seed: 18)
    let names = (1...50).map { "q\($0)" }
    var rows: [[XLSXCell]] = []
    for r in 0..<20_000 {
      rows.append((0..<50).map { c in
        if c == 49 { return .text("id\(r)") }
        if (r + c) % 97 == 0 { return .empty }
        return .number(c % 2 == 0 ? Double(1 + Int(g.nextUniform() * 7)) : (g.nextGaussian() * 1000).rounded() / 1000)
      })
    }
    let path = try tempFile("big.xlsx", [UInt8](XLSXWriter.workbook(sheet: "data", header: names, rows: rows)))
    let f = try XLSXReader.read(path: path)
    #expect(f.rowCount == 20_000 && f.columns.map(\.name) == names)
    var same = true
    for c in 0..<50 {
      switch f.columns[c].values {
      case .numeric(let v):
        for r in 0..<20_000 {
          switch rows[r][c] {
          case .number(let x): same = same && v[r] == x
          case .empty: same = same && v[r].isNaN
          case .text: same = false
          }
        }
      case .text(let t):
        same = same && c == 49 && t == (0..<20_000).map { "id\($0)" }
      }
    }
    #expect(same)
  }
}

/// What the fuzzer found in the old DOM reader (Fuzz/crashes/xlsx): a non-UTF-8
/// element name that trapped inside Foundation's XML parser, and an entry on
/// which ZIPFoundation's inflate never returned. Both are bad input now.
@Suite struct XLSXFuzzRegressionTests {
  @Test(arguments: [("foundationxml-start-element.xlsx", "is not well-formed XML"), ("zipfoundation-inflate-hang.xlsx", "inflates past")])
  func fuzzerFindings(_ file: String, _ message: String) throws {
    let path = packageRoot.appendingPathComponent("Fuzz/crashes/xlsx/\(file)").path
    #expect {
      _ = try XLSXReader.read(path: path)
    } throws: { error in
      (error as? InputError)?.message.contains(message) ?? false
    }
  }
}
