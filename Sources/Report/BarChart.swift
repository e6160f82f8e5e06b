import Foundation

// The coupling chart: one bar per unit coloured by its category, as a
// self-contained SVG (plain SVG 1.1, no scripts, no external fonts).

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
