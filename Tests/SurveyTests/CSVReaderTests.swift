import Foundation
import Testing
@testable import Survey

@Suite struct CSVReaderTests {
  @Test func rfc4180QuotingAndLineEnds() throws {
    let frame = try DataFrameReader.readCSV(path: fixture("quoted.csv"))
    #expect(frame.names == ["id", "comment", "score"])
    #expect(frame.rowCount == 5)
    #expect(frame["comment"]?.textValues == ["hello, world", "she said \"yes\"", "two\r\nlines", "three\nlines\nhere", "plain"])
    guard case .numeric(let s) = frame["score"]?.values else { Issue.record("score not numeric"); return }
    #expect(s[0] == 3.5 && s[1] == 4 && s[2] == 5 && s[3].isNaN && s[4] == 6)
    // Each row knows the line it starts on (the 3rd and 4th rows span lines).
    #expect(frame.lines == [2, 3, 4, 6, 9])
  }

  @Test func sameNumbersAcrossChunkSizes() throws {
    let big = try DataFrameReader.readCSV(path: fixture("quoted.csv"))
    for chunk in [64, 65, 70, 97, 128] {
      let small = try DataFrameReader.readCSV(path: fixture("quoted.csv"), options: CSVOptions(chunkSize: chunk))
      // Compare as text: NaN (missing) is never == NaN.
      #expect(small.columns.map(\.textValues) == big.columns.map(\.textValues), "chunk \(chunk)")
      #expect(small.names == big.names)
      #expect(small.lines == big.lines)
    }
  }

  @Test(arguments: ["survey-utf8.csv", "survey-utf8-bom.csv", "survey-gbk.csv", "survey-tab.tsv", "survey-semicolon.csv"])
  func encodingsAndDelimitersGiveTheSameFrame(file: String) throws {
    let frame = try DataFrameReader.readCSV(path: fixture(file), options: CSVOptions(missingCodes: ["-2"]))
    #expect(frame.names == ["序号", "行业", "Q7", "Q8"])
    #expect(frame["行业"]?.textValues == ["纺织服装", "电子信息", "装备制造", "纺织服装"])
    guard case .numeric(let q7) = frame["Q7"]?.values, case .numeric(let q8) = frame["Q8"]?.values else {
      Issue.record("Q7/Q8 not numeric"); return
    }
    #expect(q7[0] == 5 && q7[3].isNaN)
    #expect(q8[1].isNaN && q8[3] == 3)  // -2 is a missing code
    #expect(frame.encoding == (file == "survey-gbk.csv" ? .gb18030 : .utf8))
  }

  @Test func encodingOverride() throws {
    // Read as UTF-8 when told so, a GBK file fails at the first Chinese cell, naming it.
    let e = inputError { _ = try DataFrameReader.readCSV(path: fixture("survey-gbk.csv"), options: CSVOptions(encoding: .utf8)) }
    #expect(e?.line == 1 && e?.message.contains("invalid UTF-8") == true)
  }

  @Test func numberParsingIsExact() {
    var g = SplitMix64(seed: 5)
    for _ in 0..<20_000 {
      let v = (g.nextUniform() - 0.5) * pow(10, Double(Int(g.next() % 30)) - 15)
      for text in [String(v), String(format: "%.7f", v), String(format: "%.3e", v), String(format: "%.17g", v)] {
        #expect(parseDecimal(text) == strtod(text, nil), "\(text)")
      }
    }
    #expect(parseDecimal("12345678901234567890123") == 12345678901234567890123.0)
    #expect(parseDecimal(" -0.5 ") == -0.5)
    #expect(parseDecimal(".5") == 0.5 && parseDecimal("5.") == 5)
    for bad in ["", "-", ".", "1e", "1.2.3", "abc", "0x10", "inf", "nan", "1,5", "--1"] {
      #expect(parseDecimal(bad) == nil, "\(bad)")
    }
  }

  @Test func missingCodes() throws {
    let path = try tempFile("m.csv", "a,b\n-2,NA\n-3,.\n-2.0,#N/A\n4,N/A\n")
    let frame = try DataFrameReader.readCSV(path: path, options: CSVOptions(missingCodes: ["-2", "-3"]))
    guard case .numeric(let a) = frame["a"]?.values, case .numeric(let b) = frame["b"]?.values else {
      Issue.record("not numeric"); return
    }
    #expect(a[0].isNaN && a[1].isNaN && a[2].isNaN && a[3] == 4)
    #expect(b.allSatisfy { $0.isNaN })
  }

  @Test func columnLists() throws {
    let frame = try DataFrameReader.readCSV(path: hsPath)
    #expect(try frame.resolve("x1:x3,x9") == ["x1", "x2", "x3", "x9"])
    #expect(try frame.resolve("x4 x5，x6") == ["x4", "x5", "x6"])
    #expect(inputError { _ = try frame.resolve("x3:x1") }?.message.contains("comes after") == true)
    #expect(inputError { _ = try frame.resolve("x1,x1") }?.message.contains("twice") == true)
    #expect(inputError { _ = try frame.resolve("X1") }?.message.contains("did you mean 'x1'") == true)
  }
}

// Bad input: each names the file and, where there is one, the row, line and column.
@Suite struct BadInputTests {
  @Test func missingFile() {
    let e = inputError { _ = try DataFrameReader.readCSV(path: "/nonexistent/data.csv") }
    #expect(e?.description == "/nonexistent/data.csv: file not found")
  }

  @Test func emptyFileAndHeaderOnly() throws {
    let empty = try tempFile("empty.csv", "")
    #expect(inputError { _ = try DataFrameReader.readCSV(path: empty) }?.description == "\(empty): file is empty")
    let header = try tempFile("h.csv", "a,b,c\n")
    #expect(inputError { _ = try DataFrameReader.readCSV(path: header) }?.description == "\(header): has a header but no data rows")
  }

  @Test func raggedRow() throws {
    let path = try tempFile("r.csv", "a,b,c\n1,2,3\n4,5\n")
    let e = inputError { _ = try DataFrameReader.readCSV(path: path) }
    #expect(e?.row == 2 && e?.line == 3)
    #expect(e?.description.hasPrefix("\(path), row 2 (line 3): has 2 fields, the header has 3") == true)
  }

  @Test func unterminatedQuote() throws {
    let path = try tempFile("q.csv", "a,b\n1,\"open\n2,3\n")
    let e = inputError { _ = try DataFrameReader.readCSV(path: path) }
    #expect(e?.line == 2 && e?.column == "b")
    #expect(e?.message.contains("unterminated quoted field") == true)
  }

  @Test func garbageAfterClosingQuote() throws {
    let path = try tempFile("g.csv", "a,b\n1,\"x\"y\n")
    let e = inputError { _ = try DataFrameReader.readCSV(path: path) }
    #expect(e?.line == 2 && e?.column == "b" && e?.message.contains("closing quote") == true)
  }

  @Test func neitherUTF8NorGBK() {
    let e = inputError { _ = try DataFrameReader.readCSV(path: fixture("bad-encoding.csv")) }
    #expect(e?.line == 2 && e?.message.contains("neither UTF-8 nor GBK") == true)
  }

  @Test func utf16IsRefusedWithAHint() throws {
    let path = try tempFile("u16.csv", [0xFF, 0xFE, 0x61, 0x00])
    #expect(inputError { _ = try DataFrameReader.readCSV(path: path) }?.message.contains("UTF-16") == true)
  }

  @Test func duplicateColumnNames() throws {
    let path = try tempFile("d.csv", "a,b,a\n1,2,3\n")
    let e = inputError { _ = try DataFrameReader.readCSV(path: path) }
    #expect(e?.message == "duplicate column name 'a' (columns 1 and 3); rename one of them")
  }

  @Test func requestedColumnMissing() throws {
    let e = inputError { _ = try Moments.stream(path: hsPath, columns: "x1,x10") }
    #expect(e?.column == "x10" && e?.message.hasPrefix("no such column") == true)
  }

  @Test func nonNumericCellIsNamed() throws {
    let path = try tempFile("n.csv", "a,b\n1,2\n3,abc\n5,6\n")
    let streamed = inputError { _ = try Moments.stream(path: path) }
    #expect(streamed?.description == "\(path), row 2 (line 3), column 'b': \"abc\" is not a number (the column must be numeric here; declare the code as a missing-value code if it is one)" && streamed?.settings == [.missingCodes])
    let frame = try DataFrameReader.readCSV(path: path)
    let loaded = inputError { _ = try frame.numericColumn("b") }
    #expect(loaded == streamed)
  }

  @Test func allMissingColumn() throws {
    let path = try tempFile("e.csv", "a,b\n1,\n2,NA\n3,\n")
    let e = inputError { _ = try Moments.stream(path: path) }
    #expect(e?.column == "b" && e?.message.contains("every cell is missing") == true)
  }
}
