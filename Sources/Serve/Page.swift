import Hummingbird

// The page is three files in Page/ (index.html, app.js, style.css), embedded
// into the binary at build time (Package.swift: resources .embedInCode), so a
// copied or installed `clusterstat` serves it with no bundle beside it, no
// network and no build step of its own.

enum Page {
  enum Asset { case index, script, style }

  static func response(_ asset: Asset) -> Response {
    let (bytes, type): ([UInt8], String) = switch asset {
    case .index: (PackageResources.index_html, "text/html; charset=utf-8")
    case .script: (PackageResources.app_js, "text/javascript; charset=utf-8")
    case .style: (PackageResources.style_css, "text/css; charset=utf-8")
    }
    return Response(status: .ok, headers: [.contentType: type], body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
  }
}
