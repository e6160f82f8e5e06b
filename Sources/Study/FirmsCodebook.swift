import Foundation
import Survey
import Yams

// The indicator codebook of sub-model 5 (Datasets/suzhou-firms/codebook.yaml):
// systems → dimensions → indicators with unit and direction (benefit or cost),
// plus the outcome ratings the grey relational analysis compares them with.

public struct FirmsCodebook: Sendable, Codable {
  public struct Indicator: Sendable, Codable {
    public var name: String
    public var label: LocalizedText?
    public var unit: String?
    public var direction: String?
    public var isCost: Bool { direction == "cost" }
  }
  public struct Dimension: Sendable, Codable {
    public var name: String
    public var label: LocalizedText?
    public var indicators: [Indicator]
  }
  public struct System: Sendable, Codable {
    public var name: String
    public var label: LocalizedText?
    public var dimensions: [Dimension]
  }
  public struct Outcome: Sendable, Codable {
    public var name: String
    public var label: LocalizedText?
    public var unit: String?
  }
  public var id: String
  public var label: String?
  public var systems: [System]
  public var outcomes: [Outcome]

  public static func read(path: String) throws(InputError) -> FirmsCodebook {
    guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
      throw InputError(file: path, "firms codebook not found or not UTF-8 text")
    }
    let book: FirmsCodebook
    do {
      book = try YAMLDecoder().decode(FirmsCodebook.self, from: text)
    } catch {
      throw InputError(file: path, "is not a firms codebook: \(error)")
    }
    guard book.systems.count >= 2 else { throw InputError(file: path, "needs at least two systems for the coupling model") }
    for s in book.systems where s.dimensions.isEmpty || s.dimensions.contains(where: { $0.indicators.isEmpty }) {
      throw InputError(file: path, "system '\(s.name)': every dimension needs indicators")
    }
    return book
  }
}
