import CGraphviz
import Foundation

// Graph layout by Graphviz's C library (cgraph + gvc, https://graphviz.org/pdf/libguide.pdf):
// a graph in the DOT language is read with agmemread, laid out by the dot
// engine (gvLayout) and rendered twice from that one layout with
// gvRenderData: as SVG, and as Graphviz's JSON output format
// (https://graphviz.org/docs/outputs/json/), whose xdot drawing operations
// give every node's box and every text label's position and width, so a
// caller can verify that no two labels overlap.

public enum Graphviz {
  public struct Failure: Error, CustomStringConvertible {
    public var description: String
  }

  /// A box in the layout's coordinates (points, y upwards, as Graphviz's own).
  public struct Box: Sendable, Equatable {
    public var name: String
    public var minX: Double, minY: Double, maxX: Double, maxY: Double
    /// Nodes drawn as ellipses: a box then only bounds the shape.
    public var elliptic: Bool = false

    func intersects(_ o: Box) -> Bool {
      guard minX < o.maxX, o.minX < maxX, minY < o.maxY, o.minY < maxY else { return false }
      // A rectangle meets an ellipse when its point nearest the centre lies inside.
      for (e, r) in [(self, o), (o, self)] where e.elliptic && !r.elliptic {
        let cx = (e.minX + e.maxX) / 2, cy = (e.minY + e.maxY) / 2
        let ax = (e.maxX - e.minX) / 2, ay = (e.maxY - e.minY) / 2
        let nx = min(max(cx, r.minX), r.maxX), ny = min(max(cy, r.minY), r.maxY)
        return ((nx - cx) / ax) * ((nx - cx) / ax) + ((ny - cy) / ay) * ((ny - cy) / ay) < 1
      }
      return true
    }
  }

  /// Where the layout put the nodes and the text of edge labels.
  public struct Layout: Sendable {
    public var nodes: [Box]
    /// Each text drawing operation of an edge (label, head or tail label, xlabel).
    public var edgeLabels: [Box]

    /// Pairs of boxes that overlap: an edge label against a node or another
    /// edge label (nodes against nodes are the layout engine's business).
    public var overlaps: [(String, String)] {
      var out: [(String, String)] = []
      for (i, a) in edgeLabels.enumerated() {
        for n in nodes where a.intersects(n) { out.append((a.name, n.name)) }
        for b in edgeLabels[(i + 1)...] where a.intersects(b) { out.append((a.name, b.name)) }
      }
      return out
    }
  }

  // Graphviz keeps global state (the error buffer, the plugin registry, the
  // text-layout cache) and measures text with Pango, as librsvg draws it:
  // one layout or rasterisation at a time in this process (Raster takes it too).
  static let lock = NSLock()

  /// The SVG rendering and the layout of a graph given in DOT.
  public static func render(dot: String) throws -> (svg: String, layout: Layout) {
    lock.lock()
    defer { lock.unlock() }
    // Only errors, not warnings, reach stderr; the last one becomes the thrown message.
    agseterr(AGERR)
    guard let gvc = gvContext() else { throw Failure(description: "Graphviz: no context (are its plugins installed?)") }
    defer { gvFreeContext(gvc) }
    guard let g = dot.withCString({ agmemread($0) }) else {
      throw Failure(description: "Graphviz could not read the diagram: \(lastError())")
    }
    defer { agclose(g) }
    guard gvLayout(gvc, g, "dot") == 0 else { throw Failure(description: "Graphviz layout failed: \(lastError())") }
    let svg = try renderData(gvc, g, "svg")
    let json = try renderData(gvc, g, "json")
    let (result, flat) = try layout(json)
    // Graphviz 2.43 (Debian 12) frees a rank array twice in gvFreeLayout
    // after it has placed the label of a flat edge (both ends in one rank,
    // e.g. a labelled covariance of two indicators): the process aborts.
    // Such a layout is left allocated (a few kilobytes per diagram).
    if flat == 0 { gvFreeLayout(gvc, g) }
    return (String(decoding: svg, as: UTF8.self), result)
  }

  private static func lastError() -> String {
    guard let p = aglasterr() else { return "unknown error" }
    defer { free(p) }
    return String(cString: p).trimmingCharacters(in: .whitespacesAndNewlines)
  }

  private static func renderData(_ gvc: OpaquePointer, _ g: UnsafeMutablePointer<Agraph_t>, _ format: String) throws -> Data {
    var result: UnsafeMutablePointer<CChar>?
    var length: UInt32 = 0
    guard gvRenderData(gvc, g, format, &result, &length) == 0, let result else {
      throw Failure(description: "Graphviz could not render \(format) (is the core plugin installed?)")
    }
    defer { gvFreeRenderData(result) }
    return Data(bytes: result, count: Int(length))
  }

  /// Node boxes from pos/width/height; label boxes from the xdot text
  /// operations: T gives the baseline point, alignment and width, the
  /// preceding F the font size (ascent ≈ 0.8 and descent ≈ 0.25 of it).
  /// Also counts the labelled flat edges: rankdir=LR puts a rank in one column, so both ends share x.
  static func layout(_ json: Data) throws -> (Layout, flatLabelled: Int) {
    guard let root = try JSONSerialization.jsonObject(with: json) as? [String: Any] else {
      throw Failure(description: "Graphviz's JSON layout is not an object")
    }
    var nodes: [Box] = []
    var x: [Int: Double] = [:]
    for o in root["objects"] as? [[String: Any]] ?? [] {
      guard let pos = o["pos"] as? String, let w = Double(o["width"] as? String ?? ""), let h = Double(o["height"] as? String ?? "") else { continue }
      let xy = pos.split(separator: ",").compactMap { Double($0) }
      guard xy.count == 2 else { continue }
      if let id = o["_gvid"] as? Int { x[id] = xy[0] }
      let (hw, hh) = (w * 36, h * 36)
      nodes.append(Box(name: o["name"] as? String ?? "", minX: xy[0] - hw, minY: xy[1] - hh, maxX: xy[0] + hw, maxY: xy[1] + hh,
                       elliptic: (o["shape"] as? String ?? "ellipse") == "ellipse"))
    }
    var labels: [Box] = []
    var flat = 0
    for e in root["edges"] as? [[String: Any]] ?? [] {
      if !(e["label"] as? String ?? "").isEmpty, let t = e["tail"] as? Int, let h = e["head"] as? Int, let a = x[t], a == x[h] { flat += 1 }
      for key in ["_ldraw_", "_tldraw_", "_hldraw_"] {
        var size = 14.0
        for op in e[key] as? [[String: Any]] ?? [] {
          if op["op"] as? String == "F" { size = op["size"] as? Double ?? size }
          guard op["op"] as? String == "T", let pt = op["pt"] as? [Double], pt.count == 2, let w = op["width"] as? Double else { continue }
          let x0 = switch op["align"] as? String { case "l": pt[0]; case "r": pt[0] - w; default: pt[0] - w / 2 }
          labels.append(Box(name: op["text"] as? String ?? "", minX: x0, minY: pt[1] - 0.25 * size, maxX: x0 + w, maxY: pt[1] + 0.8 * size))
        }
      }
    }
    return (Layout(nodes: nodes, edgeLabels: labels), flat)
  }
}
