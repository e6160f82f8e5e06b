import Report
import SEM

// The model editor's live diagram: the syntax as typed, parsed and completed
// by lavaan's defaults (ParameterTable.build: the exogenous factors'
// covariances, …) as a fit would complete it, drawn without estimates. A
// syntax error comes back with its line and column, so the page can mark it
// while the researcher types. Nothing is fitted and no data are read.

enum ModelPreview {
  /// The longest syntax previewed (a questionnaire model is a few kB).
  static let maxBytes = 64 * 1024

  struct Request: Decodable { var syntax: String }
  struct Answer: Encodable { var svg: String; var latent: [String]; var observed: [String] }

  static func render(_ syntax: String) throws -> Answer {
    guard syntax.utf8.count <= maxBytes else { throw ServeError(.contentTooLarge, "the model syntax is longer than \(maxBytes / 1024) kB") }
    let table: ParameterTable
    do { table = try ParameterTable.build(try ModelSyntax.parse(syntax), options: ModelOptions()) } catch {
      throw ServeError(.badRequest, error.description, line: error.line > 0 ? error.line : nil, column: error.column > 0 ? error.column : nil)
    }
    guard !table.rows.isEmpty else { throw ServeError(.badRequest, "the model has no statements yet") }
    let rows = table.rows.filter { $0.group == 1 }.map { PathDiagram.Parameter(lhs: $0.lhs, op: $0.op.rawValue, rhs: $0.rhs, std: .nan, pvalue: nil) }
    let svg = PathDiagram(parameters: rows, estimated: false).svg(title: "")
    return Answer(svg: svg, latent: table.roles.latent, observed: table.roles.observed)
  }
}
