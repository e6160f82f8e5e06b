import Foundation
import Grey
import Psychometrics
@testable import Report
import Testing

// The label dictionary (Report/Language.swift, keys in LabelKeys.swift): a
// mistyped key does not compile; these check that every key has its entry in
// both languages, and that every value a label is looked up by at run time
// (a method, a rule) has its key.

@Suite struct LabelsTests {
  @Test func everyKeyHasBothLanguages() {
    #expect(Labels.table.count == Labels.Key.allCases.count)
    for key in Labels.Key.allCases {
      let pair = try? #require(Labels.table[key], "\(key.rawValue) has no entry")
      #expect(pair.map { !$0.zh.trimmingCharacters(in: .whitespaces).isEmpty && !$0.en.trimmingCharacters(in: .whitespaces).isEmpty } == true,
              "\(key.rawValue) lacks a language")
    }
  }

  /// A format entry takes the same arguments in both languages (by position
  /// and type), so `Labels.format` fills either with the same values.
  @Test func formatEntriesAgreeOnTheirArguments() {
    func arguments(_ text: String) -> [Int: Character]? {
      var out: [Int: Character] = [:], next = 1
      for m in text.matches(of: /%(?:(\d+)\$)?[-+ #0]*\d*(?:\.\d+)?([@dfs%])/) {
        let type = Character(String(m.output.2))
        if type == "%" { continue }
        let position = m.output.1.map { Int($0)! } ?? { defer { next += 1 }; return next }()
        if let seen = out[position], seen != type { return nil }
        out[position] = type
      }
      return out
    }
    var formats = 0
    for (key, pair) in Labels.table {
      let zh = arguments(pair.zh), en = arguments(pair.en)
      #expect(zh != nil && zh == en, "\(key.rawValue): zh takes \(String(describing: zh)), en \(String(describing: en))")
      if let zh, !zh.isEmpty {
        formats += 1
        #expect(zh.keys.sorted() == Array(1...zh.count), "\(key.rawValue): arguments \(zh.keys.sorted()) leave a gap")
      }
    }
    #expect(formats > 60)
  }

  @Test func keysNamedByValuesExist() {
    var keys: [String] = []
    keys += ExtractionMethod.allCases.map { "efa.method.\($0.rawValue)" }
    keys += RotationMethod.allCases.map { "efa.rotation.\($0.rawValue)" }
    keys += Normalization.allCases.map { "norm.\($0.rawValue)" }
    keys += ["entropy", "equal", "given"].map { "weights.\($0)" }
    keys += LiuDegree.allCases.filter { $0 != .synthetic }.map { "grey.degree.\($0.rawValue)" }
    keys += ["header", "codebook", "content"].map { "excluded.\($0)" }
    keys += ["straightlining", "too_fast", "duplicate", "too_much_missing"].map { "screening.\($0)" }
    for key in keys { #expect(Labels.Key(rawValue: key) != nil, "\(key)") }
    #expect(Labels(.en).named("screening", "too_fast") == "Completed too fast (seconds)")
    #expect(Labels(.zh).named("screening", "no_such_rule") == "no_such_rule")
  }
}
