import Foundation
import Yams

// A questionnaire's codebook, in YAML: what each column is, how its answers
// are coded, which items form which construct, which columns are personal
// data, how to screen responses, and the models to fit. One file describes a
// study so that every command reads the export the same way.
//
//   layout: wjx                        # or plain; default: detected
//   missing_codes: [-2, -3]
//   value_sets:
//     agree7: {1: 完全不同意, 2: 不同意, …, 7: 完全同意}
//   variables:
//     - {name: industry, question: 1, label: {zh: 所属行业, en: Industry}, type: categorical,
//        values: {1: 纺织服装, 2: 电子信息}}
//     - {name: RE1, question: 8, label: {zh: …, en: …}, type: likert, values: agree7}
//     - {name: SE4R, question: 16, type: likert, values: agree7, reverse: true}
//   scales:
//     - {name: RE, label: {zh: 关系性嵌入, en: Relational embeddedness}, items: [RE1, RE2, RE3]}
//     - {name: NC, label: {zh: 网络能力, en: Network capability}, constructs: [NV, NB, RM, NP]}
//   personal_data: [企业名称, 填写人, 联系电话, 电子邮箱, ip]
//   screening: {straightlining: true, min_seconds: 90, duplicates: true, max_missing_share: 0.5}
//   models:
//     - {name: full, label: {…}, syntax: "…lavaan syntax…"}
//
// A variable's column is `source` (a header, or a renamed column such as
// Q7), else `question: N` (Q{N} in the 问卷星 layout), else its own name.

public struct LocalizedText: Sendable, Codable, Equatable {
  public var zh: String?
  public var en: String?

  public init(zh: String? = nil, en: String? = nil) {
    self.zh = zh
    self.en = en
  }

  public init(from decoder: Decoder) throws {
    if let s = try? decoder.singleValueContainer().decode(String.self) {
      zh = s
      en = s
      return
    }
    let c = try decoder.container(keyedBy: CodingKeys.self)
    zh = try c.decodeIfPresent(String.self, forKey: .zh)
    en = try c.decodeIfPresent(String.self, forKey: .en)
  }

  /// The text in `lang` ("zh" or "en"), else the other one.
  public func text(_ lang: String) -> String? {
    lang == "en" ? (en ?? zh) : (zh ?? en)
  }
}

public struct Codebook: Sendable, Codable {
  public enum VariableType: String, Sendable, Codable {
    case likert, categorical, numeric, text, multiselect
    /// A Likert item to be analysed as ordinal (polychoric correlations,
    /// WLSMV): coded as `likert`, and named by `--ordered` through its scale.
    case ordinal

    /// Answers on an ordered scale of categories (coded from their texts, range-checked).
    public var isRating: Bool { self == .likert || self == .ordinal }
  }

  /// Value labels: inline (code → label) or the name of a value set.
  public enum Values: Sendable, Codable, Equatable {
    case labels([ValueLabel])
    case set(String)

    public init(from decoder: Decoder) throws {
      let c = try decoder.singleValueContainer()
      if let name = try? c.decode(String.self) {
        self = .set(name)
        return
      }
      self = .labels(try _decodeLabels(decoder))
    }

    public func encode(to encoder: Encoder) throws {
      var c = encoder.singleValueContainer()
      switch self {
      case .set(let s): try c.encode(s)
      case .labels(let l): try c.encode(Dictionary(uniqueKeysWithValues: l.map { ($0.code, $0.label) }))
      }
    }
  }

  public struct Variable: Sendable, Codable {
    public var name: String
    public var source: String?
    public var question: Int?
    public var label: LocalizedText?
    public var type: VariableType?
    public var values: Values?
    public var reverse: Bool?
    public var range: [Double]?
    public var missingCodes: [Double]?

    enum CodingKeys: String, CodingKey {
      case name, source, question, label, type, values, reverse, range
      case missingCodes = "missing_codes"
    }
  }

  public struct Scale: Sendable, Codable {
    public var name: String
    public var label: LocalizedText?
    public var items: [String]?
    /// A second-order construct: the first-order scales it is formed of.
    public var constructs: [String]?
    /// Which part of the questionnaire ("网络嵌入性"), for grouping in reports.
    public var part: String?
  }

  public struct ScreeningDefaults: Sendable, Codable, Equatable {
    public var straightlining: Bool?
    public var minSeconds: Double?
    public var duplicates: Bool?
    public var maxMissingShare: Double?

    enum CodingKeys: String, CodingKey {
      case straightlining, duplicates
      case minSeconds = "min_seconds"
      case maxMissingShare = "max_missing_share"
    }
  }

  public struct Model: Sendable, Codable {
    public var name: String
    public var label: LocalizedText?
    public var syntax: String
    /// Defined parameters (:=) to report as mediation effects; default: every
    /// defined product of regression labels along a path (a*b, a*d*b).
    public var mediation: [String]?
  }

  /// A hypothesis of the analysis plan: a path of a model ("IS ~ TR") or a
  /// defined effect ("ind"), the sign it expects, and its wording.
  public struct HypothesisPlan: Sendable, Codable {
    public enum Sign: String, Sendable, Codable { case positive, negative, nonzero }
    public var id: String
    /// The model it is tested in (default: the last model).
    public var model: String?
    public var path: String?
    public var effect: String?
    public var sign: Sign?
    public var statement: LocalizedText?
  }

  /// A moderation or conditional process model (Hayes' PROCESS) on scale
  /// means: model number, roles by scale or variable name, and optionally the
  /// hypothesis it tests (supported when the interaction, or the index of
  /// moderated mediation, excludes 0).
  public struct ModerationPlan: Sendable, Codable {
    public var id: String?
    public var process: Int
    public var x: String
    public var m: [String]?
    public var w: String
    public var z: String?
    public var y: String
    public var covariates: [String]?
    public var statement: LocalizedText?
  }

  /// Sub-model 5 style coupling / grey analysis of a second data set.
  public struct CouplingPlan: Sendable, Codable {
    /// The indicator data and its codebook, relative to this codebook's folder.
    public var data: String
    public var codebook: String
  }

  public var title: LocalizedText?
  public var layout: String?
  public var missingCodes: [Double]?
  public var valueSets: [String: [ValueLabel]]?
  public var variables: [Variable]
  public var scales: [Scale]?
  public var personalData: [String]?
  public var screening: ScreeningDefaults?
  public var models: [Model]?
  public var hypotheses: [HypothesisPlan]?
  /// Control variables the report describes (profile questions entered as covariates).
  public var controls: [String]?
  /// Respondent characteristics whose groups the scales are compared across (t test or ANOVA).
  public var comparisons: [String]?
  public var moderation: [ModerationPlan]?
  public var coupling: CouplingPlan?

  /// Where the codebook was read from, for messages.
  public var source: String = ""

  enum CodingKeys: String, CodingKey {
    case title, layout, variables, scales, screening, models, hypotheses, controls, coupling, comparisons, moderation
    case missingCodes = "missing_codes"
    case valueSets = "value_sets"
    case personalData = "personal_data"
  }

  public init(from decoder: Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    title = try c.decodeIfPresent(LocalizedText.self, forKey: .title)
    layout = try c.decodeIfPresent(String.self, forKey: .layout)
    missingCodes = try c.decodeIfPresent([Double].self, forKey: .missingCodes)
    if c.contains(.valueSets) {
      let sets = try c.nestedContainer(keyedBy: _AnyKey.self, forKey: .valueSets)
      var out: [String: [ValueLabel]] = [:]
      for key in sets.allKeys {
        out[key.stringValue] = try _decodeLabels(try sets.superDecoder(forKey: key))
      }
      valueSets = out
    }
    variables = try c.decodeIfPresent([Variable].self, forKey: .variables) ?? []
    scales = try c.decodeIfPresent([Scale].self, forKey: .scales)
    personalData = try c.decodeIfPresent([String].self, forKey: .personalData)
    screening = try c.decodeIfPresent(ScreeningDefaults.self, forKey: .screening)
    models = try c.decodeIfPresent([Model].self, forKey: .models)
    hypotheses = try c.decodeIfPresent([HypothesisPlan].self, forKey: .hypotheses)
    controls = try c.decodeIfPresent([String].self, forKey: .controls)
    coupling = try c.decodeIfPresent(CouplingPlan.self, forKey: .coupling)
    comparisons = try c.decodeIfPresent([String].self, forKey: .comparisons)
    moderation = try c.decodeIfPresent([ModerationPlan].self, forKey: .moderation)
  }

  public func encode(to encoder: Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encodeIfPresent(title, forKey: .title)
    try c.encodeIfPresent(layout, forKey: .layout)
    try c.encodeIfPresent(missingCodes, forKey: .missingCodes)
    try c.encode(variables, forKey: .variables)
    try c.encodeIfPresent(scales, forKey: .scales)
    try c.encodeIfPresent(personalData, forKey: .personalData)
    try c.encodeIfPresent(screening, forKey: .screening)
    try c.encodeIfPresent(models, forKey: .models)
    try c.encodeIfPresent(hypotheses, forKey: .hypotheses)
    try c.encodeIfPresent(controls, forKey: .controls)
    try c.encodeIfPresent(coupling, forKey: .coupling)
    try c.encodeIfPresent(comparisons, forKey: .comparisons)
    try c.encodeIfPresent(moderation, forKey: .moderation)
  }

  // MARK: Reading

  public static func read(path: String) throws(InputError) -> Codebook {
    AtomicFile.protect(path)
    guard let data = FileManager.default.contents(atPath: path) else {
      throw InputError(file: path, "codebook not found")
    }
    guard let text = String(data: data, encoding: .utf8) else {
      throw InputError(file: path, "the codebook is not UTF-8 text")
    }
    return try parse(text, source: path)
  }

  public static func parse(_ text: String, source: String) throws(InputError) -> Codebook {
    var book: Codebook
    try CodebookSchema.check(text, source: source)
    do {
      book = try YAMLDecoder().decode(Codebook.self, from: text)
    } catch let error as YamlError {
      throw CodebookSchema.syntaxError(error, source: source)
    } catch let error as DecodingError {
      throw InputError(file: source, _describe(error))
    } catch {
      throw InputError(file: source, "cannot be read as a codebook: \(error)")
    }
    book.source = source
    try book.validate()
    return book
  }

  // MARK: Consistency of the codebook itself

  func validate() throws(InputError) {
    var names = Set<String>()
    for v in variables {
      if !names.insert(v.name).inserted {
        throw InputError(file: source, "variable '\(v.name)' is defined twice")
      }
      if case .set(let s)? = v.values, valueSets?[s] == nil {
        throw InputError(file: source, "variable '\(v.name)': value set '\(s)' is not defined under value_sets")
      }
      if let r = v.range, r.count != 2 || !(r[0] < r[1]) {
        throw InputError(file: source, "variable '\(v.name)': range must be [min, max] with min < max")
      }
      if v.reverse == true, scaleRange(of: v) == nil {
        throw InputError(file: source,
          "variable '\(v.name)' is reverse-coded but has no scale range; give it range: [1, 7] (or numeric value labels) so it can be recoded as min + max − x")
      }
    }
    if let s = screening {
      if let m = s.minSeconds, !(m >= 0 && m.isFinite) {
        throw InputError(file: source, "screening: min_seconds must be a number of seconds ≥ 0 (it is \(m))")
      }
      if let m = s.maxMissingShare, !(m >= 0 && m <= 1) {
        throw InputError(file: source, "screening: max_missing_share is a share between 0 and 1 (it is \(m))")
      }
    }
    let scaleNames = Set((scales ?? []).map(\.name))
    for s in scales ?? [] {
      if names.contains(s.name) {
        throw InputError(file: source, "scale '\(s.name)' has the name of a variable; give it another")
      }
      if (s.items ?? []).isEmpty == (s.constructs ?? []).isEmpty {
        throw InputError(file: source, "scale '\(s.name)' needs either items or constructs (not both)")
      }
      for i in s.items ?? [] where !names.contains(i) {
        throw InputError(file: source, "scale '\(s.name)': item '\(i)' is not a variable of the codebook")
      }
      for k in s.constructs ?? [] where !scaleNames.contains(k) {
        throw InputError(file: source, "scale '\(s.name)': construct '\(k)' is not a scale of the codebook")
      }
    }
  }

  // MARK: Queries

  public func variable(_ name: String) -> Variable? { variables.first { $0.name == name } }

  public func scale(_ name: String) -> Scale? { scales?.first { $0.name == name } }

  /// The value labels of a variable (inline or from its set).
  public func labels(of v: Variable) -> [ValueLabel]? {
    switch v.values {
    case .labels(let l)?: return l
    case .set(let s)?: return valueSets?[s]
    case nil: return nil
    }
  }

  /// [min, max] of a variable's scale: its range, else its numeric value labels.
  public func scaleRange(of v: Variable) -> (Double, Double)? {
    if let r = v.range, r.count == 2 { return (r[0], r[1]) }
    let codes = (labels(of: v) ?? []).compactMap { parseDecimal($0.code) }
    guard let lo = codes.min(), let hi = codes.max(), lo < hi else { return nil }
    return (lo, hi)
  }

  /// Every scale's items, second-order constructs expanded to their items.
  public var scaleItems: [String: [String]] {
    var out: [String: [String]] = [:]
    func items(_ name: String, depth: Int) -> [String] {
      guard depth < 8, let s = scale(name) else { return [] }
      if let i = s.items { return i }
      return (s.constructs ?? []).flatMap { items($0, depth: depth + 1) }
    }
    for s in scales ?? [] { out[s.name] = items(s.name, depth: 0) }
    return out
  }

  /// The Likert items, in codebook order.
  public var likertItems: [String] { variables.filter { $0.type?.isRating == true }.map(\.name) }
  /// Items the codebook marks `type: ordinal`.
  public var ordinalItems: [String] { variables.filter { $0.type == .ordinal }.map(\.name) }

  /// The column a variable reads from.
  public func sourceColumn(of v: Variable) -> String {
    if let s = v.source { return s }
    if let q = v.question { return "Q\(q)" }
    return v.name
  }
}

struct _AnyKey: CodingKey {
  var stringValue: String
  var intValue: Int?
  init(stringValue: String) { self.stringValue = stringValue }
  init?(intValue: Int) {
    self.stringValue = String(intValue)
    self.intValue = intValue
  }
}

/// A YAML mapping code → label, in the order of the codes (numeric codes
/// numerically).
func _decodeLabels(_ decoder: Decoder) throws -> [ValueLabel] {
  let c = try decoder.container(keyedBy: _AnyKey.self)
  var out: [ValueLabel] = []
  for key in c.allKeys {
    out.append(ValueLabel(code: key.stringValue, label: try c.decode(String.self, forKey: key)))
  }
  return out.sorted { a, b in
    switch (parseDecimal(a.code), parseDecimal(b.code)) {
    case let (x?, y?): return x < y
    default: return a.code < b.code
    }
  }
}

func _describe(_ error: DecodingError) -> String {
  func path(_ p: [CodingKey]) -> String {
    p.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().trimmingCharacters(in: CharacterSet(charactersIn: "."))
  }
  switch error {
  case .keyNotFound(let key, let ctx):
    return "\(path(ctx.codingPath + [key])): required field is missing"
  case .typeMismatch(_, let ctx), .valueNotFound(_, let ctx), .dataCorrupted(let ctx):
    return "\(path(ctx.codingPath)): \(ctx.debugDescription)"
  @unknown default:
    return "\(error)"
  }
}
