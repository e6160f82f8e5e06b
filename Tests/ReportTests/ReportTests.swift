import Foundation
import Testing
import _TestSupport
@testable import Report
import Survey

@Suite struct DisplayWidthTests {
  @Test func chineseCountsTwo() {
    #expect(displayWidth("abc") == 3)
    #expect(displayWidth("均值") == 4)
    #expect(displayWidth("百分比(%)") == 9)
    #expect(displayWidth("，") == 2)
    #expect(displayWidth("e\u{301}") == 1)
    #expect(pad("均值", to: 6, alignRight: true) == "  均值")
  }
}

@Suite struct RendererTests {
  let table = Table(
    title: "表 1 描述性统计",
    headers: ["变量", "均值", "note"],
    rows: [[.text("关系嵌入"), .number(4.93577, decimals: 3), .text("a, \"b\"")],
           [.text("x2"), .number(-0.0001, decimals: 3), .empty]],
    notes: ["注：示例。"])

  @Test func threeLineTextStaysAligned() {
    let lines = TextRenderer.render(table).split(separator: "\n").map(String.init)
    #expect(lines[0] == "表 1 描述性统计")
    #expect(lines[1].allSatisfy { $0 == "━" } && lines[3].allSatisfy { $0 == "─" } && lines[6].allSatisfy { $0 == "━" })
    #expect(lines[7] == "注：示例。")
    // The numeric column is right-aligned: "4.936" and "0.000" end at the same display column.
    let end1 = displayWidth(String(lines[4][..<lines[4].range(of: "4.936")!.upperBound]))
    let end2 = displayWidth(String(lines[5][..<lines[5].range(of: "0.000")!.upperBound]))
    #expect(end1 == end2)
    // −0.000 is shown without a sign.
    #expect(!lines[5].contains("-0.000"))
  }

  @Test func csvKeepsFullPrecisionAndQuotes() {
    let csv = CSVRenderer.render(table)
    #expect(csv == "变量,均值,note\n关系嵌入,4.93577,\"a, \"\"b\"\"\"\nx2,-0.0001,\n")
  }

  @Test func markdownAndHTML() {
    let md = MarkdownRenderer.render(table)
    #expect(md.contains("| 变量 | 均值 | note |\n|:---|---:|:---|"))
    let html = HTMLRenderer.render(table)
    #expect(html.contains("<caption>表 1 描述性统计</caption>") && html.contains("a, &quot;b&quot;"))
  }

  @Test func labels() {
    #expect(Labels(.zh)[.mean] == "均值" && Labels(.en)[.mean] == "mean")
  }
}

@Suite struct PStyleTests {
  @Test func pStyles() {
    let apa = Labels(.zh, pStyle: .apa), stars = Labels(.zh, pStyle: .stars)
    #expect(apa.p(0.0004).display == "< .001" && apa.p(0.0321).display == ".032" && apa.pText(0.0321) == "p = .032")
    #expect(stars.p(0.0004).display == "***" && stars.p(0.0321).display == "0.032" && stars.pText(0.0004) == "p < 0.001")
  }
}

@Suite struct XLSXRendererTests {
  @Test func sheetNamesExcelAccepts() {
    let names = XLSXWriter.sheetNames(["KMO: [a/b]?", "kmo a b", "History", "", "'x'", String(repeating: "表", count: 40), String(repeating: "表", count: 40)])
    #expect(names[0] == "KMO a b" && names[1] == "kmo a b (2)" && names[2] == "Sheet3" && names[3] == "Sheet4" && names[4] == "x")
    #expect(names[5] == String(repeating: "表", count: 31) && names[6] == String(repeating: "表", count: 27) + " (2)")
  }

  @Test func cellsKeepTheirNumbersAndShowTheTablesDigits() {
    #expect(XLSXRenderer.content(.number(0.12345, decimals: 3)) == (.number(0.12345), "0.000"))
    #expect(XLSXRenderer.content(.number(2, decimals: 0)) == (.number(2), "0"))
    #expect(XLSXRenderer.content(.integer(301)) == (.number(301), "0"))
    #expect(XLSXRenderer.content(.number(.nan, decimals: 3)) == (.text("—"), nil))
    #expect(XLSXRenderer.content(.empty) == (.text("—"), nil))
    #expect(XLSXRenderer.content(.text("[0.1, 0.2]")) == (.text("[0.1, 0.2]"), nil))
    // A negative the table shows as 0.000 is written as 0, which Excel shows without a sign.
    let sheet = XLSXRenderer.sheet(Table(title: "t", headers: ["a", "b"], rows: [[.text("x"), .number(-0.0001, decimals: 3)]], notes: ["n"]))
    #expect(sheet.rows[2][1].value == .number(0) && sheet.rows[2][1].style.numberFormat == "0.000")
    #expect(sheet.rows[1][1].style.alignment == .right && sheet.rows[1][1].style.top == .medium && sheet.rows[2][1].style.bottom == .medium)
    #expect(sheet.merged == [XLSXSheet.Span(row: 3, columns: 0...1)])
  }
}
