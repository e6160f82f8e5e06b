import Foundation

// The scree plot of an exploratory factor analysis as a self-contained SVG:
// the observed eigenvalues (solid, with markers), the parallel-analysis
// threshold (dashed; psych::fa.parallel's 95th percentile of simulated
// eigenvalues) and the Kaiser line at 1 (dotted). Plain SVG 1.1, no scripts,
// no external fonts, so it renders the same in a browser, in Word and in a PDF.

public enum ScreePlot {
  public static func svg(observed: [Double], parallel: [Double]?, title: String, xLabel: String, yLabel: String,
                         observedLabel: String, parallelLabel: String, width: Double = 640, height: Double = 400) -> String {
    let left = 60.0, right = 20.0, top = 40.0, bottom = 50.0
    let plotW = width - left - right, plotH = height - top - bottom
    let n = observed.count
    let all = observed + (parallel ?? []) + [1]
    let yMax = niceCeiling(max(all.max() ?? 1, 1) * 1.05)
    let yMin = min(0, (all.min() ?? 0))
    func x(_ i: Int) -> Double { left + (n > 1 ? Double(i) / Double(n - 1) : 0.5) * plotW }
    func y(_ v: Double) -> Double { top + (1 - (v - yMin) / (yMax - yMin)) * plotH }
    func f(_ v: Double) -> String { String(format: "%.1f", v) }
    var s = """
      <svg xmlns="http://www.w3.org/2000/svg" width="\(f(width))" height="\(f(height))" viewBox="0 0 \(f(width)) \(f(height))" font-family="sans-serif" font-size="12" role="img" aria-label="\(HTMLRenderer.escape(title))">
      <title>\(HTMLRenderer.escape(title))</title>
      <rect x="0" y="0" width="\(f(width))" height="\(f(height))" fill="white"/>
      <text x="\(f(width / 2))" y="22" text-anchor="middle" font-size="14" font-weight="bold">\(HTMLRenderer.escape(title))</text>

      """
    // Axes and ticks.
    s += "<line x1=\"\(f(left))\" y1=\"\(f(top + plotH))\" x2=\"\(f(left + plotW))\" y2=\"\(f(top + plotH))\" stroke=\"black\"/>\n"
    s += "<line x1=\"\(f(left))\" y1=\"\(f(top))\" x2=\"\(f(left))\" y2=\"\(f(top + plotH))\" stroke=\"black\"/>\n"
    let step = tickStep(yMax - yMin)
    var t = (yMin / step).rounded(.up) * step
    while t <= yMax + 1e-9 {
      s += "<line x1=\"\(f(left - 4))\" y1=\"\(f(y(t)))\" x2=\"\(f(left))\" y2=\"\(f(y(t)))\" stroke=\"black\"/>"
      s += "<text x=\"\(f(left - 8))\" y=\"\(f(y(t) + 4))\" text-anchor=\"end\">\(String(format: step < 1 ? "%.1f" : "%.0f", t))</text>\n"
      t += step
    }
    let every = max(1, n / 15)
    for i in stride(from: 0, to: n, by: every) {
      s += "<text x=\"\(f(x(i)))\" y=\"\(f(top + plotH + 18))\" text-anchor=\"middle\">\(i + 1)</text>\n"
    }
    s += "<text x=\"\(f(left + plotW / 2))\" y=\"\(f(height - 10))\" text-anchor=\"middle\">\(HTMLRenderer.escape(xLabel))</text>\n"
    s += "<text x=\"16\" y=\"\(f(top + plotH / 2))\" text-anchor=\"middle\" transform=\"rotate(-90 16 \(f(top + plotH / 2)))\">\(HTMLRenderer.escape(yLabel))</text>\n"
    // Kaiser line.
    s += "<line x1=\"\(f(left))\" y1=\"\(f(y(1)))\" x2=\"\(f(left + plotW))\" y2=\"\(f(y(1)))\" stroke=\"#888\" stroke-dasharray=\"2,3\"/>\n"
    func polyline(_ v: [Double], _ style: String) -> String {
      "<polyline fill=\"none\" \(style) points=\"" + v.enumerated().map { "\(f(x($0.offset))),\(f(y($0.element)))" }.joined(separator: " ") + "\"/>\n"
    }
    if let parallel {
      s += polyline(parallel, "stroke=\"#c0392b\" stroke-width=\"1.5\" stroke-dasharray=\"6,4\" class=\"parallel\"")
    }
    s += polyline(observed, "stroke=\"#1f4e9c\" stroke-width=\"2\" class=\"observed\"")
    for (i, v) in observed.enumerated() {
      s += "<circle cx=\"\(f(x(i)))\" cy=\"\(f(y(v)))\" r=\"3\" fill=\"#1f4e9c\"/>"
    }
    // Legend.
    let lx = left + plotW - 200, ly = top + 10
    s += "\n<line x1=\"\(f(lx))\" y1=\"\(f(ly))\" x2=\"\(f(lx + 24))\" y2=\"\(f(ly))\" stroke=\"#1f4e9c\" stroke-width=\"2\"/>"
    s += "<text x=\"\(f(lx + 30))\" y=\"\(f(ly + 4))\">\(HTMLRenderer.escape(observedLabel))</text>\n"
    if parallel != nil {
      s += "<line x1=\"\(f(lx))\" y1=\"\(f(ly + 18))\" x2=\"\(f(lx + 24))\" y2=\"\(f(ly + 18))\" stroke=\"#c0392b\" stroke-width=\"1.5\" stroke-dasharray=\"6,4\"/>"
      s += "<text x=\"\(f(lx + 30))\" y=\"\(f(ly + 22))\">\(HTMLRenderer.escape(parallelLabel))</text>\n"
    }
    s += "</svg>\n"
    return s
  }

  static func tickStep(_ range: Double) -> Double {
    let raw = range / 6
    let mag = pow(10, (log10(raw)).rounded(.down))
    for m in [1.0, 2, 5, 10] where m * mag >= raw { return m * mag }
    return 10 * mag
  }

  static func niceCeiling(_ v: Double) -> Double {
    let step = tickStep(v)
    return (v / step).rounded(.up) * step
  }
}
