import Foundation
import Survey

// The charts a results chapter shows besides its tables, as self-contained
// SVG (figures in HTML, rasterised for Word): the sample's profile as
// horizontal bars with counts and percentages, each scale's answers as 100%
// stacked bars per item (the diverging colours of Robbins & Heiberger 2011's
// Likert plots, disagreement red to agreement blue), and histograms of scale
// scores (binned by the caller) as small multiples on one shared axis.

public enum Charts {
  static func f(_ v: Double) -> String { String(format: "%.1f", v) }
  static func esc(_ s: String) -> String { HTMLRenderer.escape(s) }
  static let font = "font-family=\"'Noto Sans CJK SC','Noto Sans',sans-serif\""

  static func header(_ className: String, _ title: String, width: Double, height: Double) -> String {
    """
    <svg xmlns="http://www.w3.org/2000/svg" class="\(className)" width="\(f(width))" height="\(f(height))" viewBox="0 0 \(f(width)) \(f(height))" \(font) font-size="12" role="img" aria-label="\(esc(title))">
    <title>\(esc(title))</title>
    <rect x="0" y="0" width="\(f(width))" height="\(f(height))" fill="white"/>

    """
  }

  /// One bar per category: count and percentage of the answers.
  public static func profileBars(title: String, categories: [(label: String, count: Int)], width: Double = 640) -> String {
    let total = max(1, categories.reduce(0) { $0 + $1.count })
    let labelWidth = min(260, 20 + Double(categories.map { displayWidth($0.label) }.max() ?? 4) * 6.5)
    let barArea = width - labelWidth - 110, rowH = 26.0, top = 16.0
    let height = top + rowH * Double(categories.count) + 16
    let most = Double(max(1, categories.map(\.count).max() ?? 1))
    var s = header("profile-chart", title, width: width, height: height)
    s += "<line x1=\"\(f(labelWidth))\" y1=\"\(f(top - 4))\" x2=\"\(f(labelWidth))\" y2=\"\(f(height - 12))\" stroke=\"black\"/>\n"
    for (i, c) in categories.enumerated() {
      let y = top + rowH * Double(i), w = barArea * Double(c.count) / most
      let pct = 100 * Double(c.count) / Double(total)
      s += "<text x=\"\(f(labelWidth - 6))\" y=\"\(f(y + 15))\" text-anchor=\"end\">\(esc(c.label))</text>\n"
      s += "<rect x=\"\(f(labelWidth))\" y=\"\(f(y + 4))\" width=\"\(f(w))\" height=\"\(f(rowH - 8))\" fill=\"#4393c3\"/>\n"
      s += "<text x=\"\(f(labelWidth + w + 6))\" y=\"\(f(y + 15))\">\(c.count) (\(String(format: "%.1f", pct))%)</text>\n"
    }
    return s + "</svg>"
  }

  /// 100% stacked bars: for each item, the share of each answer category.
  public static func likertStacked(title: String, items: [(name: String, counts: [Int])], categories: [String], width: Double = 720) -> String {
    let k = max(categories.count, 1)
    // Diverging: red (disagree) through grey (neutral) to blue (agree).
    let palette = ["#b2182b", "#d6604d", "#f4a582", "#e0e0e0", "#92c5de", "#4393c3", "#2166ac"]
    func colour(_ c: Int) -> String { palette[k == 1 ? 3 : c * (palette.count - 1) / (k - 1)] }
    let labelWidth = 20 + Double(items.map { displayWidth($0.name) }.max() ?? 4) * 7
    let barW = width - labelWidth - 20, rowH = 24.0, top = 12.0
    let legendRows = Int((Double(k) * 130 / (width - 20)).rounded(.up))
    let height = top + rowH * Double(items.count) + 20 + Double(legendRows) * 18 + 10
    var s = header("likert-chart", title, width: width, height: height)
    for (i, item) in items.enumerated() {
      let y = top + rowH * Double(i)
      let total = Double(max(1, item.counts.reduce(0, +)))
      s += "<text x=\"\(f(labelWidth - 6))\" y=\"\(f(y + 15))\" text-anchor=\"end\">\(esc(item.name))</text>\n"
      var x = labelWidth
      for (c, n) in item.counts.enumerated() where n > 0 {
        let w = barW * Double(n) / total
        s += "<rect x=\"\(f(x))\" y=\"\(f(y + 3))\" width=\"\(f(w))\" height=\"\(f(rowH - 6))\" fill=\"\(colour(c))\"><title>\(esc(categories[min(c, k - 1)])): \(n)</title></rect>\n"
        if w > 26 {
          s += "<text x=\"\(f(x + w / 2))\" y=\"\(f(y + 16))\" text-anchor=\"middle\" font-size=\"10\">\(Int((100 * Double(n) / total).rounded()))</text>\n"
        }
        x += w
      }
    }
    // Legend under the bars, wrapped.
    var lx = 10.0, ly = top + rowH * Double(items.count) + 14
    for (c, name) in categories.enumerated() {
      let w = 22 + Double(displayWidth(name)) * 6.5
      if lx + w > width - 10 { lx = 10; ly += 18 }
      s += "<rect x=\"\(f(lx))\" y=\"\(f(ly))\" width=\"12\" height=\"12\" fill=\"\(colour(c))\"/><text x=\"\(f(lx + 16))\" y=\"\(f(ly + 10))\" font-size=\"11\">\(esc(name))</text>\n"
      lx += w + 8
    }
    return s + "</svg>"
  }

  /// Histograms of several scores binned on one axis [lower, upper], three to a row.
  public static func histograms(title: String, scores: [(name: String, counts: [Int])], lower: Double, upper: Double,
                                width: Double = 720) -> String {
    let columns = 3, panelW = width / Double(columns), panelH = 150.0
    let rows = (scores.count + columns - 1) / columns
    let height = panelH * Double(max(rows, 1)) + 10
    var s = header("histogram-chart", title, width: width, height: height)
    for (p, score) in scores.enumerated() {
      let ox = panelW * Double(p % columns), oy = panelH * Double(p / columns)
      let counts = score.counts, bins = max(1, counts.count)
      let most = Double(max(1, counts.max() ?? 1))
      let left = ox + 30, plotW = panelW - 45, top = oy + 22, plotH = panelH - 50
      s += "<text x=\"\(f(ox + panelW / 2))\" y=\"\(f(oy + 14))\" text-anchor=\"middle\" font-weight=\"bold\">\(esc(score.name))</text>\n"
      s += "<line x1=\"\(f(left))\" y1=\"\(f(top + plotH))\" x2=\"\(f(left + plotW))\" y2=\"\(f(top + plotH))\" stroke=\"black\"/>\n"
      for (b, n) in counts.enumerated() {
        let h = plotH * Double(n) / most, w = plotW / Double(bins)
        s += "<rect x=\"\(f(left + w * Double(b)))\" y=\"\(f(top + plotH - h))\" width=\"\(f(w))\" height=\"\(f(h))\" fill=\"#92c5de\" stroke=\"#2166ac\" stroke-width=\"0.5\"/>\n"
      }
      for t in stride(from: lower, through: upper + 1e-9, by: 1) {
        let x = left + plotW * (t - lower) / max(upper - lower, 1e-9)
        s += "<text x=\"\(f(x))\" y=\"\(f(top + plotH + 14))\" text-anchor=\"middle\" font-size=\"10\">\(formatNumberCompact(t))</text>\n"
      }
      s += "<text x=\"\(f(left - 4))\" y=\"\(f(top + 8))\" text-anchor=\"end\" font-size=\"10\">\(Int(most))</text>\n"
    }
    return s + "</svg>"
  }
}
