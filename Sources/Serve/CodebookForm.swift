import Foundation
import Survey
import Yams

// The codebook as a form (the Data tab's editor): the variables with their
// type and reverse flag, the scales with their items (or, for a second-order
// construct, its scales), and the models of the analysis plan. `GET` gives the
// current codebook (the uploaded or edited one, else the draft) in this shape;
// `PUT` applies a filled form to that same YAML document — only the entries
// the form names change, everything else (value sets, screening, hypotheses,
// personal_data, …) stays as it was — and the result is stored like an
// uploaded codebook (CodebookUpload.clean, then read with the file).

struct CodebookForm: Codable, Sendable {
  struct Variable: Codable, Sendable {
    var name: String
    var label: String?
    var type: String?
    var reverse: Bool?
    /// The value set its answers are labelled by (a name of `value_sets`).
    var values: String?
  }

  /// Answer labels for the codes 1, 2, … (an agreement scale, say).
  struct ValueSet: Codable, Sendable {
    var name: String
    var labels: [String]
  }

  struct Scale: Codable, Sendable {
    var name: String
    var label: String?
    var items: [String]?
    var constructs: [String]?
  }

  struct Model: Codable, Sendable {
    var name: String
    var label: String?
    var syntax: String
  }

  /// uploaded (the dataset's codebook) or drafted (from the file); the server fills it.
  var source: String?
  var variables: [Variable]?
  var scales: [Scale]?
  var models: [Model]?
  var valueSets: [ValueSet]?
  /// The variable types a codebook takes (the server fills it).
  var types: [String]?

  enum CodingKeys: String, CodingKey {
    case source, variables, scales, models, types
    case valueSets = "value_sets"
  }

  /// The form of a codebook's text, labels in `lang`.
  static func of(_ yaml: String, source: String, lang: String) throws(ServeError) -> CodebookForm {
    let book: Codebook
    do { book = try Codebook.parse(yaml, source: "codebook.yaml") } catch { throw ServeError(.badRequest, error.description) }
    return CodebookForm(
      source: source,
      variables: book.variables.map { v in
        var set: String?
        if case .set(let name)? = v.values { set = name }
        return Variable(name: v.name, label: v.label?.text(lang), type: v.type?.rawValue, reverse: v.reverse ?? false, values: set)
      },
      scales: (book.scales ?? []).map { Scale(name: $0.name, label: $0.label?.text(lang), items: $0.items, constructs: $0.constructs) },
      models: (book.models ?? []).map { Model(name: $0.name, label: $0.label?.text(lang), syntax: $0.syntax) },
      valueSets: (book.valueSets ?? [:]).sorted { $0.key < $1.key }.map { ValueSet(name: $0.key, labels: $0.value.map(\.label)) },
      types: ["likert", "ordinal", "categorical", "numeric", "text", "multiselect"])
  }

  /// The most scales, models and variables a form may carry (a questionnaire has tens).
  static let maxEntries = 2000

  /// `yaml` with this form's entries applied; 400 for a form that names what
  /// the codebook does not have, or breaks its rules.
  func apply(to yaml: String) throws(ServeError) -> String {
    let book: Codebook
    do { book = try Codebook.parse(yaml, source: "codebook.yaml") } catch { throw ServeError(.badRequest, error.description) }
    let known = Set(book.variables.map(\.name))
    var root: Node
    do {
      guard let r = try Yams.compose(yaml: yaml) else { throw ServeError(.badRequest, "the codebook is empty") }
      root = r
    } catch let e as ServeError { throw e } catch { throw ServeError(.badRequest, "codebook.yaml: \(error)") }
    guard case .mapping(var mapping) = root else { throw ServeError(.badRequest, "the codebook is not a YAML mapping") }
    if (variables?.count ?? 0) + (scales?.count ?? 0) + (models?.count ?? 0) > Self.maxEntries {
      throw ServeError(.badRequest, "the form has more than \(Self.maxEntries) entries")
    }

    // Value sets first: the variables may name the new ones.
    var setNames = Set((book.valueSets ?? [:]).keys)
    if let valueSets, !valueSets.isEmpty {
      var sets: Node.Mapping = { if case .mapping(let m)? = mapping["value_sets"] { return m }; return Node.Mapping([]) }()
      for set in valueSets {
        let name = set.name.trimmingCharacters(in: .whitespaces)
        guard name.wholeMatch(of: /^[A-Za-z_][A-Za-z0-9_]*$/) != nil, name.count <= 40 else {
          throw ServeError(.badRequest, "value set name '\(set.name.prefix(40))': letters, digits and _, not starting with a digit (e.g. agree7)")
        }
        let labels = set.labels.map { $0.trimmingCharacters(in: .whitespaces) }
        guard labels.count >= 2, labels.count <= 20, !labels.contains(where: \.isEmpty) else {
          throw ServeError(.badRequest, "value set \(name): give 2 to 20 labels, one for each code 1, 2, … in order")
        }
        sets[name] = .mapping(Node.Mapping(labels.enumerated().map { (Node(String($0.offset + 1), Tag(.int)), Node($0.element)) }))
        setNames.insert(name)
      }
      mapping["value_sets"] = .mapping(sets)
    }

    if let variables {
      let allowed = Set(types ?? []).union(["likert", "ordinal", "categorical", "numeric", "text", "multiselect"])
      var edits: [String: Variable] = [:]
      for v in variables {
        guard known.contains(v.name) else { throw ServeError(.badRequest, "the form names a variable '\(v.name.prefix(60))' the codebook does not have") }
        if let t = v.type, !allowed.contains(t) { throw ServeError(.badRequest, "variable \(v.name): type '\(t.prefix(30))' is not one of likert, ordinal, categorical, numeric, text, multiselect") }
        if let set = v.values, !set.isEmpty, !setNames.contains(set) { throw ServeError(.badRequest, "variable \(v.name): no value set '\(set.prefix(40))' in the codebook or the form") }
        edits[v.name] = v
      }
      guard case .sequence(var list)? = mapping["variables"] else { throw ServeError(.badRequest, "the codebook has no variables: list") }
      for k in list.indices {
        guard case .mapping(var entry) = list[k], let name = entry["name"]?.string, let edit = edits[name] else { continue }
        if let t = edit.type { entry["type"] = Node(t) }
        if let r = edit.reverse { entry["reverse"] = r ? Node("true", Tag(.bool)) : nil }
        if let set = edit.values, !set.isEmpty { entry["values"] = Node(set) }
        list[k] = .mapping(entry)
      }
      mapping["variables"] = .sequence(list)
    }

    if let scales {
      let identifier = /^[A-Za-z_\p{Han}][A-Za-z0-9_.\p{Han}]*$/
      var names = Set<String>()
      var old: [String: Node.Mapping] = [:]
      if case .sequence(let list)? = mapping["scales"] {
        for case .mapping(let m) in list { if let n = m["name"]?.string { old[n] = m } }
      }
      let scaleNames = Set(scales.map(\.name))
      var out: [Node] = []
      for s in scales {
        let name = s.name.trimmingCharacters(in: .whitespaces)
        guard name.wholeMatch(of: identifier) != nil, name.count <= 40 else {
          throw ServeError(.badRequest, "scale name '\(s.name.prefix(40))': a short name of letters, digits and _ (it is the factor's name in the models), not starting with a digit")
        }
        guard names.insert(name).inserted else { throw ServeError(.badRequest, "two scales are named \(name)") }
        guard !known.contains(name) else { throw ServeError(.badRequest, "scale \(name) has the name of a variable; choose another") }
        let items = s.items ?? [], constructs = s.constructs ?? []
        if items.isEmpty && constructs.isEmpty { throw ServeError(.badRequest, "scale \(name) has no items: tick at least one") }
        if let bad = items.first(where: { !known.contains($0) }) { throw ServeError(.badRequest, "scale \(name): '\(bad.prefix(60))' is not a variable of the codebook") }
        if let bad = constructs.first(where: { !scaleNames.contains($0) || $0 == name }) {
          throw ServeError(.badRequest, "scale \(name): '\(bad.prefix(60))' is not another scale of the form")
        }
        var entry = old[name] ?? Node.Mapping([])
        entry["name"] = Node(name)
        if let label = s.label?.trimmingCharacters(in: .whitespaces), !label.isEmpty {
          entry["label"] = .mapping(Node.Mapping([(Node("zh"), Node(label)), (Node("en"), Node(label))]))
        }
        entry["items"] = items.isEmpty ? nil : .sequence(Node.Sequence(items.map { Node($0) }))
        entry["constructs"] = constructs.isEmpty ? nil : .sequence(Node.Sequence(constructs.map { Node($0) }))
        out.append(.mapping(entry))
      }
      mapping["scales"] = out.isEmpty ? nil : .sequence(Node.Sequence(out))
    }

    if let models {
      var names = Set<String>()
      var out: [Node] = []
      for m in models {
        let name = m.name.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, name.count <= 60, names.insert(name).inserted else {
          throw ServeError(.badRequest, "each model needs a name of its own (at most 60 characters)")
        }
        guard !m.syntax.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw ServeError(.badRequest, "model \(name) has no syntax") }
        var entry = Node.Mapping([(Node("name"), Node(name))])
        if let label = m.label?.trimmingCharacters(in: .whitespaces), !label.isEmpty {
          entry["label"] = .mapping(Node.Mapping([(Node("zh"), Node(label)), (Node("en"), Node(label))]))
        }
        entry["syntax"] = Node(m.syntax, Tag(.str), .literal)
        out.append(.mapping(entry))
      }
      mapping["models"] = out.isEmpty ? nil : .sequence(Node.Sequence(out))
    }

    root = .mapping(mapping)
    let text: String
    do { text = try Yams.serialize(node: root, allowUnicode: true) } catch { throw ServeError(.badRequest, "codebook.yaml: \(error)") }
    // What is stored must read as a codebook (scales against variables, models against scales).
    do { _ = try Codebook.parse(text, source: "codebook.yaml") } catch { throw ServeError(.badRequest, error.description) }
    return "# Edited in the ClusterStat browser interface.\n" + text
  }
}
