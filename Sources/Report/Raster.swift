import CRsvg
import Foundation

// SVG to PNG by librsvg (https://gnome.pages.gitlab.gnome.org/librsvg/Rsvg-2.0/):
// rsvg_handle_new_from_data parses the SVG, rsvg_handle_render_document
// draws it onto a cairo ARGB image surface (over white, as on paper) scaled
// to the resolution asked for, and cairo_surface_write_to_png_stream encodes
// the PNG. Text goes through Pango and fontconfig, so a Chinese label in any
// sans-serif family falls back to an installed CJK font (Noto Sans CJK SC).

public enum Raster {
  public struct Image: Sendable {
    public var png: Data
    public var pixelWidth: Int
    public var pixelHeight: Int
    /// The resolution the pixels were drawn at, for the printed size.
    public var dpi: Double
  }

  public struct Failure: Error, CustomStringConvertible {
    public var description: String
  }

  /// The SVG drawn at `dpi` dots per inch: a CSS pixel is 1/96 in, a point 1/72 in.
  public static func png(svg: String, dpi: Double = 200) throws -> Image {
    // Pango's font map and fontconfig are shared with Graphviz's text layout.
    Graphviz.lock.lock()
    defer { Graphviz.lock.unlock() }
    var error: UnsafeMutablePointer<GError>?
    let bytes = Array(svg.utf8)
    guard let handle = bytes.withUnsafeBufferPointer({ rsvg_handle_new_from_data($0.baseAddress, gsize($0.count), &error) }) else {
      throw Failure(description: "librsvg could not read the figure: \(message(error))")
    }
    defer { g_object_unref(UnsafeMutableRawPointer(handle)) }
    // Sizes in CSS pixels (96 per inch); the surface has dpi/96 as many.
    rsvg_handle_set_dpi(handle, 96)
    var w: Double = 0, h: Double = 0
    guard rsvg_handle_get_intrinsic_size_in_pixels(handle, &w, &h) != 0, w > 0, h > 0 else {
      throw Failure(description: "the figure's SVG has no width and height")
    }
    let scale = dpi / 96
    let pw = Int((w * scale).rounded(.up)), ph = Int((h * scale).rounded(.up))
    guard let surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32(pw), Int32(ph)) else {
      throw Failure(description: "cairo could not create a \(pw) × \(ph) image")
    }
    defer { cairo_surface_destroy(surface) }
    let cr = cairo_create(surface)
    defer { cairo_destroy(cr) }
    cairo_set_source_rgb(cr, 1, 1, 1)
    cairo_paint(cr)
    cairo_scale(cr, scale, scale)
    var viewport = RsvgRectangle(x: 0, y: 0, width: w, height: h)
    guard rsvg_handle_render_document(handle, cr, &viewport, &error) != 0 else {
      throw Failure(description: "librsvg could not draw the figure: \(message(error))")
    }
    cairo_surface_flush(surface)
    final class Sink { var data = Data() }
    let sink = Sink()
    let status = cairo_surface_write_to_png_stream(surface, { closure, bytes, length in
      guard let closure, let bytes else { return CAIRO_STATUS_WRITE_ERROR }
      Unmanaged<Sink>.fromOpaque(closure).takeUnretainedValue().data.append(bytes, count: Int(length))
      return CAIRO_STATUS_SUCCESS
    }, Unmanaged.passUnretained(sink).toOpaque())
    guard status == CAIRO_STATUS_SUCCESS else { throw Failure(description: "cairo could not encode the PNG (status \(status.rawValue))") }
    return Image(png: sink.data, pixelWidth: pw, pixelHeight: ph, dpi: dpi)
  }

  private static func message(_ error: UnsafeMutablePointer<GError>?) -> String {
    guard let error else { return "unknown error" }
    defer { g_error_free(error) }
    return error.pointee.message.map { String(cString: $0) } ?? "unknown error"
  }
}
