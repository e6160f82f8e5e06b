import Foundation

// A structural model as a self-contained SVG path diagram, in the convention
// of AMOS output: latent variables as ellipses laid out in columns from
// exogenous (left) to outcome (right), single-headed arrows for regressions
// labelled with standardised coefficients and significance marks (dashed
// when not significant), double-headed arcs for the exogenous correlations,
// and R² beside each endogenous variable. No scripts, no external fonts.

public struct PathDiagram: Sendable {
  public struct Node: Sendable {
    public var id: String
    public var label: String
    public var column: Int
    public var r2: Double?
    public init(id: String, label: String, column: Int, r2: Double? = nil) {
      self.id = id
      self.label = label
      self.column = column
      self.r2 = r2
    }
  }

  public struct Edge: Sendable {
    public var from: String
    public var to: String
    public var label: String
    public var significant: Bool
    public init(from: String, to: String, label: String, significant: Bool) {
      self.from = from
      self.to = to
      self.label = label
      self.significant = significant
    }
  }

  public var nodes: [Node]
  public var edges: [Edge]
  /// Double-headed arcs (exogenous correlations), labelled.
  public var correlations: [Edge]

  public init(nodes: [Node], edges: [Edge], correlations: [Edge] = []) {
    self.nodes = nodes
    self.edges = edges
    self.correlations = correlations
  }

  public func svg(title: String) -> String {
    let columns = (nodes.map(\.column).max() ?? 0) + 1
    let rows = Dictionary(grouping: nodes, by: \.column).mapValues(\.count)
    let maxRows = rows.values.max() ?? 1
    let rx = 72.0, ry = 26.0
    let column = Dictionary(nodes.map { ($0.id, $0.column) }, uniquingKeysWith: { a, _ in a })
    // A path that skips a column is drawn as an arc below the nodes, not through the one between.
    let skipping = edges.filter { abs((column[$0.to] ?? 0) - (column[$0.from] ?? 0)) >= 2 }
    let width = 140 + Double(columns) * 230, height = max(220, 60 + Double(maxRows) * 95)
    var pos: [String: (x: Double, y: Double)] = [:]
    var seen: [Int: Int] = [:]
    for n in nodes {
      let k = seen[n.column, default: 0]
      seen[n.column] = k + 1
      let count = Double(rows[n.column] ?? 1)
      let x = 120 + Double(n.column) * 230 + rx
      let y = 50 + (height - 70) * (Double(k) + 0.5) / count
      pos[n.id] = (x, y)
    }
    func f(_ v: Double) -> String { String(format: "%.1f", v) }
    func esc(_ s: String) -> String { HTMLRenderer.escape(s) }
    let bottom = (pos.values.map(\.y).max() ?? 0) + ry
    let svgHeight = skipping.isEmpty ? height : max(height, bottom + 50 + 22 * Double(skipping.count))
    var s = """
      <svg xmlns="http://www.w3.org/2000/svg" class="path-diagram" width="\(f(width))" height="\(f(svgHeight))" viewBox="0 0 \(f(width)) \(f(svgHeight))" font-family="sans-serif" font-size="12" role="img" aria-label="\(esc(title))">
      <title>\(esc(title))</title>
      <defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="black"/></marker></defs>
      <rect x="0" y="0" width="\(f(width))" height="\(f(svgHeight))" fill="white"/>

      """
    // Where the segment from the centre of (a) towards (b) leaves a's ellipse.
    func boundary(_ a: (x: Double, y: Double), towards b: (x: Double, y: Double)) -> (Double, Double) {
      let dx = b.x - a.x, dy = b.y - a.y
      let t = 1 / ((dx * dx) / (rx * rx) + (dy * dy) / (ry * ry)).squareRoot()
      return (a.x + dx * t, a.y + dy * t)
    }
    for c in correlations {
      guard let a = pos[c.from], let b = pos[c.to] else { continue }
      let x0 = a.x - rx, bend = 30 + abs(b.y - a.y) * 0.25
      s += "<path d=\"M\(f(x0)),\(f(a.y)) C\(f(x0 - bend)),\(f(a.y)) \(f(x0 - bend)),\(f(b.y)) \(f(x0)),\(f(b.y))\" fill=\"none\" stroke=\"#555\" marker-start=\"url(#arrow)\" marker-end=\"url(#arrow)\"/>\n"
      s += "<text x=\"\(f(x0 - bend * 0.75 - 4))\" y=\"\(f((a.y + b.y) / 2 + 4))\" text-anchor=\"end\" fill=\"#333\">\(esc(c.label))</text>\n"
    }
    for (k, e) in skipping.enumerated() {
      guard let a = pos[e.from], let b = pos[e.to] else { continue }
      // From the source's right side down below every node, then up into the target from below.
      let depth = bottom + 25 + 22 * Double(k)
      let x0 = a.x + rx, y0 = a.y, x3 = b.x, y3 = b.y + ry
      s += "<path class=\"path\" d=\"M\(f(x0)),\(f(y0)) C\(f(x0 + 50)),\(f(depth)) \(f(x3)),\(f(depth)) \(f(x3)),\(f(y3))\" fill=\"none\" stroke=\"black\"\(e.significant ? "" : " stroke-dasharray=\"5,4\"") marker-end=\"url(#arrow)\"/>\n"
      // The curve's point at t = 0.5.
      let mx = 0.125 * x0 + 0.375 * (x0 + 50) + 0.375 * x3 + 0.125 * x3, my = 0.125 * y0 + 0.75 * depth + 0.125 * y3
      let w = Double(displayWidth(e.label)) * 7 + 6
      s += "<rect x=\"\(f(mx - w / 2))\" y=\"\(f(my - 10))\" width=\"\(f(w))\" height=\"16\" fill=\"white\"/>"
      s += "<text x=\"\(f(mx))\" y=\"\(f(my + 3))\" text-anchor=\"middle\">\(esc(e.label))</text>\n"
    }
    for e in edges where !skipping.contains(where: { $0.from == e.from && $0.to == e.to }) {
      guard let a = pos[e.from], let b = pos[e.to] else { continue }
      let (x1, y1) = boundary(a, towards: b), (x2, y2) = boundary(b, towards: a)
      s += "<line class=\"path\" x1=\"\(f(x1))\" y1=\"\(f(y1))\" x2=\"\(f(x2))\" y2=\"\(f(y2))\" stroke=\"black\"\(e.significant ? "" : " stroke-dasharray=\"5,4\"") marker-end=\"url(#arrow)\"/>\n"
      let mx = x1 + (x2 - x1) * 0.45, my = y1 + (y2 - y1) * 0.45
      let w = Double(displayWidth(e.label)) * 7 + 6
      s += "<rect x=\"\(f(mx - w / 2))\" y=\"\(f(my - 10))\" width=\"\(f(w))\" height=\"16\" fill=\"white\"/>"
      s += "<text x=\"\(f(mx))\" y=\"\(f(my + 3))\" text-anchor=\"middle\">\(esc(e.label))</text>\n"
    }
    for n in nodes {
      guard let p = pos[n.id] else { continue }
      s += "<ellipse class=\"latent\" cx=\"\(f(p.x))\" cy=\"\(f(p.y))\" rx=\"\(f(rx))\" ry=\"\(f(ry))\" fill=\"#f4f6fb\" stroke=\"black\" stroke-width=\"1.3\"/>\n"
      s += "<text x=\"\(f(p.x))\" y=\"\(f(p.y + 4))\" text-anchor=\"middle\" font-weight=\"bold\">\(esc(n.label))</text>\n"
      if let r2 = n.r2 {
        s += "<text x=\"\(f(p.x + rx - 6))\" y=\"\(f(p.y - ry - 4))\" text-anchor=\"start\" font-style=\"italic\">R² = \(String(format: "%.3f", r2))</text>\n"
      }
    }
    s += "</svg>"
    return s
  }
}

/// A bar chart of one value per unit, each bar coloured by its category (the
/// coupling coordination degree D of each firm, coloured by its level).
public enum BarChart {
  /// - Parameter categoryOrder: every category in order (e.g. the ten
  ///   coordination levels from 极度失调 to 优质协调); colours run from red
  ///   to blue along it, and the legend lists the categories present.
  public static func svg(title: String, units: [String], values: [Double], categories: [String], categoryOrder: [String]? = nil,
                         yLabel: String, width: Double = 900, height: Double = 380) -> String {
    let left = 55.0, right = 170.0, top = 40.0, bottom = 70.0
    let plotW = width - left - right, plotH = height - top - bottom
    let n = max(units.count, 1)
    let yMax = max(1.0, values.max() ?? 1)
    let palette = ["#b2182b", "#d6604d", "#f4a582", "#fddbc7", "#e0e0e0", "#d1e5f0", "#92c5de", "#4393c3", "#2166ac", "#053061"]
    var seen: [String] = []
    for c in categories where !seen.contains(c) { seen.append(c) }
    let scale = categoryOrder ?? seen
    let order = scale.filter { seen.contains($0) }
    func colour(_ c: String) -> String {
      let k = scale.firstIndex(of: c) ?? 0
      return palette[scale.count <= 1 ? 0 : k * (palette.count - 1) / (scale.count - 1)]
    }
    func f(_ v: Double) -> String { String(format: "%.1f", v) }
    func esc(_ s: String) -> String { HTMLRenderer.escape(s) }
    var s = """
      <svg xmlns="http://www.w3.org/2000/svg" class="bar-chart" width="\(f(width))" height="\(f(height))" viewBox="0 0 \(f(width)) \(f(height))" font-family="sans-serif" font-size="11" role="img" aria-label="\(esc(title))">
      <title>\(esc(title))</title>
      <rect x="0" y="0" width="\(f(width))" height="\(f(height))" fill="white"/>
      <text x="\(f(left + plotW / 2))" y="22" text-anchor="middle" font-size="14" font-weight="bold">\(esc(title))</text>
      <line x1="\(f(left))" y1="\(f(top + plotH))" x2="\(f(left + plotW))" y2="\(f(top + plotH))" stroke="black"/>
      <line x1="\(f(left))" y1="\(f(top))" x2="\(f(left))" y2="\(f(top + plotH))" stroke="black"/>
      <text transform="translate(14,\(f(top + plotH / 2))) rotate(-90)" text-anchor="middle">\(esc(yLabel))</text>

      """
    for k in 0...5 {
      let v = yMax * Double(k) / 5, y = top + plotH * (1 - v / yMax)
      s += "<line x1=\"\(f(left - 4))\" y1=\"\(f(y))\" x2=\"\(f(left))\" y2=\"\(f(y))\" stroke=\"black\"/><text x=\"\(f(left - 6))\" y=\"\(f(y + 4))\" text-anchor=\"end\">\(String(format: "%.1f", v))</text>\n"
    }
    let slot = plotW / Double(n)
    for (i, u) in units.enumerated() {
      let v = values[i], h = plotH * v / yMax
      let x = left + Double(i) * slot + slot * 0.15
      s += "<rect class=\"bar\" x=\"\(f(x))\" y=\"\(f(top + plotH - h))\" width=\"\(f(slot * 0.7))\" height=\"\(f(h))\" fill=\"\(colour(categories[i]))\" stroke=\"#333\" stroke-width=\"0.5\"><title>\(esc(u)): \(String(format: "%.3f", v)) (\(esc(categories[i])))</title></rect>\n"
      s += "<text transform=\"translate(\(f(x + slot * 0.35)),\(f(top + plotH + 8))) rotate(60)\" text-anchor=\"start\">\(esc(u))</text>\n"
    }
    for (k, c) in order.enumerated() {
      let y = top + Double(k) * 18
      s += "<rect x=\"\(f(width - right + 15))\" y=\"\(f(y))\" width=\"12\" height=\"12\" fill=\"\(colour(c))\" stroke=\"#333\" stroke-width=\"0.5\"/><text x=\"\(f(width - right + 32))\" y=\"\(f(y + 10))\">\(esc(c))</text>\n"
    }
    s += "</svg>"
    return s
  }
}
