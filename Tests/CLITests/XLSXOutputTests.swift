import Foundation
import Testing
@testable import Survey
import ZIPFoundation

/// `--format xlsx` (issue 21, item 7): one sheet per table, three-line rules as
/// borders, numbers as numeric cells whose format shows the text table's
/// decimals, and the same numbers as `--format json`.
@Suite struct XLSXOutputTests {
  static let commands: [[String]] = [
    ["reliability", "--data", hsPath, "--scale", "visual=x1:x3", "--scale", "textual=x4:x6"],
    ["cfa", "--data", hsPath, "--syntax", hsCFA],
    ["describe", "--data", hsPath, "--items", "x1:x9"],
  ]

  @Test(arguments: commands)
  func workbookHoldsTheNumbersOfJSON(_ args: [String]) throws {
    let dir = try tempDir()
    let path = dir.appendingPathComponent("out.xlsx").path
    let x = try run(args + ["--format", "xlsx", "--out", path])
    #expect(x.status == 0 && x.stdout.isEmpty, "\(args[0]): \(x.stderr)")
    let json = try run(args + ["--format", "json"])
    let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8))
    var numbers = jsonNumbers(object)
    // Two columns the tables derive: χ²/df and √AVE on the Fornell–Larcker diagonal.
    if let fit = (object as? [String: Any])?["fit"] as? [String: Double], let chisq = fit["chisq"], let df = fit["df"] {
      numbers.append(chisq / df)
    }
    for r in (object as? [String: Any])?["reliability"] as? [[String: Any]] ?? [] { if let ave = r["ave"] as? Double { numbers.append(ave.squareRoot()) } }
    let md = try run(args + ["--format", "md"])
    let titles = md.stdout.split(separator: "\n").filter { $0.hasPrefix("**") }.map { String($0.dropFirst(2).dropLast(2)) }

    let sheets = try XLSXReader.sheetNames(path: path)
    #expect(sheets.count == titles.count && !titles.isEmpty, "\(args[0]): \(sheets) for \(titles)")
    let parts = try WorkbookParts(path)
    var checked = 0
    for (k, name) in sheets.enumerated() {
      let grid = try XLSXReader.grid(path: path, sheet: name)
      #expect(grid.first?.first == titles[k])
      for (ref, decimals) in try parts.numberCells(sheet: k + 1) {
        let (row, col) = ref
        let text = try #require(grid[row][col], "\(name) \(ref) is empty")
        let value = try #require(Double(text), "\(name): numeric cell holds '\(text)'")
        let shown = rounded(value, decimals)
        #expect(numbers.contains { rounded($0, decimals) == shown }, "\(args[0]) \(name) row \(row + 1) col \(col + 1): \(shown) is in no JSON number")
        checked += 1
      }
    }
    #expect(checked > 20)
    // Three-line rules and the decimals of the text table.
    #expect(parts.styles.contains(#"formatCode="0.000""#))
    #expect(parts.styles.contains(#"<top style="medium">"#) && parts.styles.contains(#"<bottom style="thin">"#)
      && parts.styles.contains(#"<bottom style="medium">"#))
    #expect(!parts.styles.contains("<left style") && !parts.styles.contains("<right style"))
  }

  @Test func xlsxNeedsAFile() throws {
    let none = try run(["reliability", "--data", hsPath, "--items", "x1:x3", "--format", "xlsx"])
    #expect(none.status == 2 && none.stdout.isEmpty && none.stderr.contains("--out FILE.xlsx"), "\(none.stderr)")
    let dir = try tempDir()
    let wrong = try run(["reliability", "--data", hsPath, "--items", "x1:x3", "--format", "xlsx", "--out", dir.appendingPathComponent("r.txt").path])
    #expect(wrong.status == 2 && wrong.stderr.contains("ending in .xlsx"), "\(wrong.stderr)")
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
  }
}

/// Every number in a JSON value.
private func jsonNumbers(_ v: Any) -> [Double] {
  switch v {
  case let n as NSNumber: return [n.doubleValue]
  case let a as [Any]: return a.flatMap(jsonNumbers)
  case let d as [String: Any]: return d.values.flatMap(jsonNumbers)
  default: return []
  }
}

/// As the table shows it: "-0.000" is 0.000.
private func rounded(_ v: Double, _ d: Int) -> String {
  let s = String(format: "%.\(d)f", v)
  return s.hasPrefix("-") && s.dropFirst().allSatisfy { $0 == "0" || $0 == "." } ? String(s.dropFirst()) : s
}

/// The styles part and which cells are numbers with which decimals, read
/// from the package's XML, which the project's reader does not expose.
private struct WorkbookParts {
  let archive: Archive
  let styles: String
  /// Decimals of each cellXfs entry (nil: not a fixed-decimals format).
  let decimals: [Int?]

  init(_ path: String) throws {
    let zip = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
    archive = zip
    let styles = try zip["xl/styles.xml"].map { try Self.text(zip, $0) } ?? ""
    self.styles = styles
    var codes: [Int: String] = [0: "General", 1: "0"]
    for m in styles.matches(of: /<numFmt numFmtId="(\d+)" formatCode="([^"]*)"\/>/) { codes[Int(m.1)!] = String(m.2) }
    let xfs = styles.firstRange(of: "<cellXfs").map { String(styles[$0.lowerBound...]) } ?? ""
    decimals = xfs.matches(of: /<xf numFmtId="(\d+)"/).map { m -> Int? in
      guard let code = codes[Int(m.1)!], code.allSatisfy({ $0 == "0" || $0 == "." }) else { return nil }
      return code.split(separator: ".").dropFirst().first?.count ?? 0
    }
  }

  static func text(_ archive: Archive, _ e: Entry) throws -> String {
    var data = Data()
    _ = try archive.extract(e) { data.append($0) }
    return String(decoding: data, as: UTF8.self)
  }

  /// Numeric cells of sheet k (1-based) as 0-based (row, column) and their decimals.
  func numberCells(sheet k: Int) throws -> [((Int, Int), Int)] {
    let xml = try Self.text(archive, try #require(archive["xl/worksheets/sheet\(k).xml"]))
    return try xml.matches(of: /<c r="([A-Z]+)(\d+)"(?: s="(\d+)")?><v>/).map { m in
      let col = m.1.unicodeScalars.reduce(0) { $0 * 26 + Int($1.value) - 64 } - 1
      let style = m.3.map { Int($0)! } ?? 0
      let d = try #require(decimals[style], "cell \(m.1)\(m.2) has no fixed-decimals format")
      return ((Int(m.2)! - 1, col), d)
    }
  }
}
