import Foundation

// The two figures of a moderation analysis (Aiken & West 1991; Hayes 2022,
// ch. 7): simple slopes — the predicted outcome against the focal predictor at
// its mean ± 1 SD, one line per probed moderator value — and the
// Johnson–Neyman plot — the conditional effect of the focal predictor across
// the moderator's observed range with its 95% confidence band, zero, and the
// region-of-significance bounds. Self-contained SVG, as the other figures.

public enum InteractionPlots {
  static func f(_ v: Double) -> String { String(format: "%.1f", v) }
  static let palette = ["#1b4f8a", "#c0392b", "#2e8b57", "#8e44ad", "#d35400"]

  /// Lines of (x, ŷ) pairs, one per moderator value.
  public static func simpleSlopes(title: String, xLabel: String, yLabel: String, lines: [(label: String, points: [(x: Double, y: Double)])]) -> String {
    let width = 560.0, height = 360.0, left = 70.0, right = 170.0, top = 40.0, bottom = 50.0
    let xs = lines.flatMap { $0.points.map(\.x) }, ys = lines.flatMap { $0.points.map(\.y) }
    guard let x0 = xs.min(), let x1 = xs.max(), var y0 = ys.min(), var y1 = ys.max(), x1 > x0 else { return "" }
    let pad = max((y1 - y0) * 0.15, 0.05); y0 -= pad; y1 += pad
    let pw = width - left - right, ph = height - top - bottom
    func px(_ x: Double) -> Double { left + pw * (x - x0) / (x1 - x0) }
    func py(_ y: Double) -> Double { top + ph * (1 - (y - y0) / (y1 - y0)) }
    var s = header(title, width, height)
    s += axes(left: left, top: top, pw: pw, ph: ph, xLabel: xLabel, yLabel: yLabel,
              xTicks: [x0, (x0 + x1) / 2, x1], yTicks: (0...4).map { y0 + (y1 - y0) * Double($0) / 4 }, px: px, py: py)
    for (k, line) in lines.enumerated() {
      let c = palette[k % palette.count]
      let d = line.points.enumerated().map { "\($0.offset == 0 ? "M" : "L")\(f(px($0.element.x))),\(f(py($0.element.y)))" }.joined(separator: " ")
      s += "<path class=\"slope\" d=\"\(d)\" fill=\"none\" stroke=\"\(c)\" stroke-width=\"2\"\(k == 1 ? " stroke-dasharray=\"7,4\"" : k == 2 ? " stroke-dasharray=\"2,3\"" : "")/>\n"
      let ly = top + 20 + Double(k) * 22
      s += "<line x1=\"\(f(width - right + 15))\" y1=\"\(f(ly))\" x2=\"\(f(width - right + 45))\" y2=\"\(f(ly))\" stroke=\"\(c)\" stroke-width=\"2\"\(k == 1 ? " stroke-dasharray=\"7,4\"" : k == 2 ? " stroke-dasharray=\"2,3\"" : "")/>"
      s += "<text x=\"\(f(width - right + 50))\" y=\"\(f(ly + 4))\">\(HTMLRenderer.escape(line.label))</text>\n"
    }
    return s + "</svg>"
  }

  /// The conditional effect across the moderator with its band and the J–N bounds.
  public static func johnsonNeyman(title: String, wLabel: String, effectLabel: String,
                                   rows: [(w: Double, effect: Double, lower: Double, upper: Double)], bounds: [Double]) -> String {
    let width = 560.0, height = 360.0, left = 70.0, right = 30.0, top = 40.0, bottom = 50.0
    guard let w0 = rows.map(\.w).min(), let w1 = rows.map(\.w).max(), w1 > w0 else { return "" }
    var y0 = min(0, rows.map(\.lower).min()!), y1 = max(0, rows.map(\.upper).max()!)
    let pad = (y1 - y0) * 0.08; y0 -= pad; y1 += pad
    let pw = width - left - right, ph = height - top - bottom
    func px(_ x: Double) -> Double { left + pw * (x - w0) / (w1 - w0) }
    func py(_ y: Double) -> Double { top + ph * (1 - (y - y0) / (y1 - y0)) }
    var s = header(title, width, height)
    s += axes(left: left, top: top, pw: pw, ph: ph, xLabel: wLabel, yLabel: effectLabel,
              xTicks: (0...4).map { w0 + (w1 - w0) * Double($0) / 4 }, yTicks: (0...4).map { y0 + (y1 - y0) * Double($0) / 4 }, px: px, py: py)
    let band = rows.map { "\(f(px($0.w))),\(f(py($0.upper)))" } + rows.reversed().map { "\(f(px($0.w))),\(f(py($0.lower)))" }
    s += "<polygon class=\"band\" points=\"\(band.joined(separator: " "))\" fill=\"#1b4f8a\" fill-opacity=\"0.15\" stroke=\"none\"/>\n"
    s += "<line x1=\"\(f(left))\" y1=\"\(f(py(0)))\" x2=\"\(f(left + pw))\" y2=\"\(f(py(0)))\" stroke=\"#666\"/>\n"
    s += "<path class=\"effect\" d=\"" + rows.enumerated().map { "\($0.offset == 0 ? "M" : "L")\(f(px($0.element.w))),\(f(py($0.element.effect)))" }.joined(separator: " ")
      + "\" fill=\"none\" stroke=\"#1b4f8a\" stroke-width=\"2\"/>\n"
    for b in bounds {
      s += "<line class=\"jn-bound\" x1=\"\(f(px(b)))\" y1=\"\(f(top))\" x2=\"\(f(px(b)))\" y2=\"\(f(top + ph))\" stroke=\"#c0392b\" stroke-dasharray=\"5,4\"/>"
      s += "<text x=\"\(f(px(b) + 4))\" y=\"\(f(top + 12))\" fill=\"#c0392b\">\(String(format: "%.3f", b))</text>\n"
    }
    return s + "</svg>"
  }

  static func header(_ title: String, _ width: Double, _ height: Double) -> String {
    """
    <svg xmlns="http://www.w3.org/2000/svg" class="interaction-plot" width="\(f(width))" height="\(f(height))" viewBox="0 0 \(f(width)) \(f(height))" font-family="sans-serif" font-size="12" role="img" aria-label="\(HTMLRenderer.escape(title))">
    <title>\(HTMLRenderer.escape(title))</title>
    <rect x="0" y="0" width="\(f(width))" height="\(f(height))" fill="white"/>
    <text x="\(f(width / 2))" y="22" text-anchor="middle" font-size="14" font-weight="bold">\(HTMLRenderer.escape(title))</text>

    """
  }

  static func axes(left: Double, top: Double, pw: Double, ph: Double, xLabel: String, yLabel: String, xTicks: [Double], yTicks: [Double],
                   px: (Double) -> Double, py: (Double) -> Double) -> String {
    var s = "<line x1=\"\(f(left))\" y1=\"\(f(top + ph))\" x2=\"\(f(left + pw))\" y2=\"\(f(top + ph))\" stroke=\"black\"/>"
    s += "<line x1=\"\(f(left))\" y1=\"\(f(top))\" x2=\"\(f(left))\" y2=\"\(f(top + ph))\" stroke=\"black\"/>\n"
    for x in xTicks {
      s += "<line x1=\"\(f(px(x)))\" y1=\"\(f(top + ph))\" x2=\"\(f(px(x)))\" y2=\"\(f(top + ph + 4))\" stroke=\"black\"/><text x=\"\(f(px(x)))\" y=\"\(f(top + ph + 17))\" text-anchor=\"middle\">\(String(format: "%.2f", x))</text>\n"
    }
    for y in yTicks {
      s += "<line x1=\"\(f(left - 4))\" y1=\"\(f(py(y)))\" x2=\"\(f(left))\" y2=\"\(f(py(y)))\" stroke=\"black\"/><text x=\"\(f(left - 6))\" y=\"\(f(py(y) + 4))\" text-anchor=\"end\">\(String(format: "%.2f", y))</text>\n"
    }
    s += "<text x=\"\(f(left + pw / 2))\" y=\"\(f(top + ph + 38))\" text-anchor=\"middle\">\(HTMLRenderer.escape(xLabel))</text>\n"
    s += "<text transform=\"translate(16,\(f(top + ph / 2))) rotate(-90)\" text-anchor=\"middle\">\(HTMLRenderer.escape(yLabel))</text>\n"
    return s
  }
}
