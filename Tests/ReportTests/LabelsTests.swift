import Foundation
import Grey
import Psychometrics
@testable import Report
import Testing
import _TestSupport

// The label dictionary (Report/Language.swift): every entry in both languages,
// and every key the code looks up present — a mistyped key would print itself
// in a table. Literal keys are found in the sources; keys built at run time
// from a value ("efa.method.\(method)") are checked for every value.

@Suite struct LabelsTests {
  @Test func everyEntryHasBothLanguages() {
    for (key, pair) in Labels.table {
      #expect(!pair.zh.trimmingCharacters(in: .whitespaces).isEmpty && !pair.en.trimmingCharacters(in: .whitespaces).isEmpty, "\(key)")
    }
  }

  @Test func everyLiteralKeyInTheSourcesExists() throws {
    let sources = packageRoot.appendingPathComponent("Sources")
    let pattern = try Regex(#"(?:\bL|labels)\["([A-Za-z0-9_.]+)"\]"#)
    var found = 0
    let files = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)!
    for case let url as URL in files where url.pathExtension == "swift" {
      let text = try String(contentsOf: url, encoding: .utf8)
      for match in text.matches(of: pattern) {
        let key = String(match.output[1].substring!)
        found += 1
        #expect(Labels.table[key] != nil, "\(url.lastPathComponent): label '\(key)' is not in Labels.table")
      }
    }
    #expect(found > 200, "the scan found the lookups")
  }

  @Test func keysBuiltFromValuesExist() {
    var keys: [String] = []
    keys += ExtractionMethod.allCases.map { "efa.method.\($0.rawValue)" }
    keys += RotationMethod.allCases.map { "efa.rotation.\($0.rawValue)" }
    keys += Normalization.allCases.map { "norm.\($0.rawValue)" }
    keys += ["entropy", "equal", "given"].map { "weights.\($0)" }
    keys += LiuDegree.allCases.filter { $0 != .synthetic }.map { "grey.degree.\($0.rawValue)" }
    keys += ["header", "codebook", "content"].map { "excluded.\($0)" }
    keys += ["straightlining", "too_fast", "duplicate", "too_much_missing"].map { "screening.\($0)" }
    for key in keys { #expect(Labels.table[key] != nil, "\(key)") }
  }
}
