import Foundation

// A structural equation model as a path diagram, built from its parameter
// table alone (lavaan's parameterEstimates(): lhs, op, rhs, std.all, pvalue),
// so any model draws: latent variables as ellipses, observed ones as
// rectangles, loadings (=~) and regressions (~) as single-headed arrows,
// covariances (~~) as curved double-headed ones, each labelled with its
// standardised estimate and significance stars, dashed when p ≥ .05, and
// R² inside the node of every endogenous variable. The layout is Graphviz's
// dot engine (Graphviz.swift) with rankdir=LR: causes left of their effects
// in the order of the regressions; indicators of exogenous factors on their
// left, of endogenous ones on their right. dot places edge labels as virtual
// nodes of the layout, so a label never sits under a node or another label
// (Graphviz.Layout.overlaps checks that from the coordinates), and R² lives
// inside its node, so no arrow strikes through it.

public struct PathDiagram: Sendable {
  /// One row of the parameter table.
  public struct Parameter: Sendable, Equatable {
    public var lhs: String
    public var op: String
    public var rhs: String
    /// The completely standardised estimate (std.all).
    public var std: Double
    /// Nil for a fixed parameter: drawn solid, without stars.
    public var pvalue: Double?
    public init(lhs: String, op: String, rhs: String, std: Double, pvalue: Double?) {
      (self.lhs, self.op, self.rhs, self.std, self.pvalue) = (lhs, op, rhs, std, pvalue)
    }
  }

  /// Whether each factor's observed indicators get a rectangle each, or one
  /// rectangle per factor (a model of 40 items is unreadable otherwise).
  public enum Indicators: Sendable, Equatable {
    case all, collapsed
    /// All up to `limit` indicators in the model, collapsed above.
    case automatic(limit: Int)
  }

  public enum Kind: Sendable, Equatable { case loading, regression, covariance }

  public struct Node: Sendable, Equatable {
    public var id: String
    public var label: String
    public var latent: Bool
    public var r2: Double?
  }

  /// `from` is the cause (the factor of a loading, the predictor of a regression).
  public struct Edge: Sendable, Equatable {
    public var from: String
    public var to: String
    public var kind: Kind
    public var label: String
    public var dashed: Bool
  }

  public private(set) var nodes: [Node] = []
  public private(set) var edges: [Edge] = []
  /// Exogenous factors, whose indicators are drawn on their left.
  private var leftIndicators: Set<String> = []

  public static let font = "Noto Sans CJK SC"

  /// - Parameters:
  ///   - r2: R² by variable name; shown for the variables that are regressed
  ///     on others or are factors of a higher-order factor.
  ///   - labels: display names by variable name (e.g. 知识租金获取 for KR).
  ///   - estimated: false for a model not fitted yet (the editor's preview): no labels on the arrows.
  public init(parameters: [Parameter], r2: [String: Double] = [:], labels: [String: String] = [:],
              indicators: Indicators = .automatic(limit: 24), estimated: Bool = true) {
    let rows = parameters.filter { ["=~", "~"].contains($0.op) || ($0.op == "~~" && $0.lhs != $0.rhs) }
    var latents: [String] = []
    for p in rows where p.op == "=~" && !latents.contains(p.lhs) { latents.append(p.lhs) }
    let isLatent = Set(latents)
    let regressed = Set(rows.filter { $0.op == "~" }.flatMap { [$0.lhs, $0.rhs] })
    let endogenous = Set(rows.filter { $0.op == "~" }.map(\.lhs) + rows.filter { $0.op == "=~" && isLatent.contains($0.rhs) }.map(\.rhs))
    // Observed indicators that play no structural part can be collapsed.
    let indicatorRows = rows.filter { $0.op == "=~" && !isLatent.contains($0.rhs) && !regressed.contains($0.rhs) }
    let collapse = switch indicators {
      case .all: false
      case .collapsed: true
      case .automatic(let limit): Set(indicatorRows.map(\.rhs)).count > limit
    }
    let collapsed = collapse ? Set(indicatorRows.map(\.rhs)) : []
    leftIndicators = Set(latents.filter { !endogenous.contains($0) })

    func stars(_ p: Double?) -> String { p.map { $0 < 0.001 ? "***" : $0 < 0.01 ? "**" : $0 < 0.05 ? "*" : "" } ?? "" }
    func label(_ p: Parameter) -> String { !estimated ? "" : p.std.isFinite ? String(format: "%.2f", p.std) + stars(p.pvalue) : "—" }
    func dashed(_ p: Parameter) -> Bool { estimated && (p.pvalue ?? 0) >= 0.05 }

    var seen: Set<String> = []
    func node(_ v: String) {
      guard !collapsed.contains(v), seen.insert(v).inserted else { return }
      nodes.append(Node(id: v, label: labels[v] ?? v, latent: isLatent.contains(v), r2: endogenous.contains(v) ? r2[v] : nil))
    }
    for p in rows {
      switch p.op {
      case "=~":
        node(p.lhs)
        node(p.rhs)
        if !collapsed.contains(p.rhs) { edges.append(Edge(from: p.lhs, to: p.rhs, kind: .loading, label: label(p), dashed: dashed(p))) }
      case "~":
        node(p.rhs)
        node(p.lhs)
        edges.append(Edge(from: p.rhs, to: p.lhs, kind: .regression, label: label(p), dashed: dashed(p)))
      default:
        // A residual covariance of a collapsed indicator has no node to join.
        guard !collapsed.contains(p.lhs), !collapsed.contains(p.rhs) else { continue }
        node(p.lhs)
        node(p.rhs)
        edges.append(Edge(from: p.lhs, to: p.rhs, kind: .covariance, label: label(p), dashed: dashed(p)))
      }
    }
    // One rectangle per factor for its collapsed items, labelled with the range of their loadings.
    for f in latents {
      let items = indicatorRows.filter { $0.lhs == f && collapsed.contains($0.rhs) }
      guard let first = items.first, let last = items.last else { continue }
      let id = "\(f) items"
      let names = items.count <= 3 ? items.map(\.rhs).joined(separator: ", ") : "\(first.rhs) … \(last.rhs)"
      nodes.append(Node(id: id, label: "\(names) (\(items.count))", latent: false, r2: nil))
      let std = items.map(\.std).filter(\.isFinite)
      let range = std.isEmpty ? "—" : String(format: "%.2f–%.2f", std.min()!, std.max()!)
      edges.append(Edge(from: f, to: id, kind: .loading, label: range, dashed: items.allSatisfy(dashed)))
    }
  }

  /// The diagram in the DOT language.
  public func dot(title: String) -> String {
    func q(_ s: String) -> String { "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\"" }
    // Graphviz's HTML-like labels are XML.
    func html(_ s: String) -> String { HTMLRenderer.escape(s) }
    let f = q(Self.font)
    var out = [
      "digraph \(q(title)) {",
      // nodesep/ranksep in inches; esep keeps splines off the labels' boxes.
      "graph [rankdir=LR, splines=true, overlap=false, forcelabels=true, nodesep=0.28, ranksep=0.55, esep=3, pad=0.15, bgcolor=white, fontname=\(f)];",
      "node [fontname=\(f), fontsize=12, margin=\"0.10,0.04\", penwidth=1.1];",
      "edge [fontname=\(f), fontsize=10, arrowsize=0.6, penwidth=0.9];",
    ]
    for n in nodes {
      var label = html(n.label)
      if let r2 = n.r2 { label += "<BR/><FONT POINT-SIZE=\"9\"><I>R² = \(String(format: "%.2f", r2))</I></FONT>" }
      let shape = n.latent ? "shape=ellipse, style=filled, fillcolor=\"#f4f6fb\"" : "shape=box"
      out.append("\(q(n.id)) [\(shape), label=<\(label)>];")
    }
    for e in edges {
      var attrs = ["label=\(q(e.label))"]
      if e.dashed { attrs.append("style=dashed") }
      switch e.kind {
      case .loading where leftIndicators.contains(e.from) && !nodes.contains { $0.id == e.to && $0.latent }:
        // Drawn from the indicator with the arrowhead at it, so dot ranks the indicator left of its factor.
        out.append("\(q(e.to)) -> \(q(e.from)) [dir=back, \(attrs.joined(separator: ", "))];")
      case .loading, .regression:
        out.append("\(q(e.from)) -> \(q(e.to)) [\(attrs.joined(separator: ", "))];")
      case .covariance:
        // Not a cause: it must not push either end into a later rank.
        out.append("\(q(e.from)) -> \(q(e.to)) [dir=both, constraint=false, color=\"#555555\", \(attrs.joined(separator: ", "))];")
      }
    }
    out.append("}")
    return out.joined(separator: "\n") + "\n"
  }

  /// The laid-out diagram: SVG for a web page (the root element has class
  /// `path-diagram`, role img and the title as its accessible name) and the
  /// layout's coordinates.
  public func render(title: String) throws -> (svg: String, layout: Graphviz.Layout) {
    let (svg, layout) = try Graphviz.render(dot: dot(title: title))
    // The XML declaration, DOCTYPE and comments before the root cannot stand inside HTML.
    guard let root = svg.range(of: "<svg") else { throw Graphviz.Failure(description: "Graphviz wrote no <svg> element") }
    let attrs = "<svg class=\"path-diagram\" role=\"img\" aria-label=\"\(HTMLRenderer.escape(title))\""
    return (attrs + svg[root.upperBound...], layout)
  }

  /// The SVG; when Graphviz fails (its plugins missing), a small SVG that says so.
  public func svg(title: String) -> String {
    do { return try render(title: title).svg } catch {
      return "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"path-diagram\" width=\"480\" height=\"40\" font-family=\"sans-serif\" font-size=\"12\">"
        + "<text x=\"8\" y=\"24\">\(HTMLRenderer.escape(title)): \(HTMLRenderer.escape("\(error)"))</text></svg>"
    }
  }
}
