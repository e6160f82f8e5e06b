import Foundation
import Hummingbird
import Survey

// Every failure the client can cause ends as a 4xx with a JSON body
// {"error": message} (and the line and column of a model-syntax error), never
// as a crash or a closed connection; only the server's own faults are 5xx.

public struct ServeError: Error, HTTPResponseError, CustomStringConvertible, Sendable {
  public var status: HTTPResponse.Status
  public var message: String
  /// Where in the model syntax the error is (1-based), for the page's editor.
  public var line: Int?
  public var column: Int?

  public init(_ status: HTTPResponse.Status, _ message: String, line: Int? = nil, column: Int? = nil) {
    self.status = status
    self.message = message
    self.line = line
    self.column = column
  }

  public var description: String { "\(status.code) \(message)" }

  struct Body: Encodable {
    var error: String
    var line: Int?
    var column: Int?
  }

  public func response(from request: Request, context: some RequestContext) throws -> Response {
    var response = try JSONBody.response(Body(error: message, line: line, column: column), status: status)
    if status == .unauthorized { response.headers[.wwwAuthenticate] = "ClusterStat-Token" }
    return response
  }
}

/// JSON responses, encoded as the CLI encodes (JSONOutput: sorted keys, slashes as
/// they are, a value that is not finite as null), without the indentation.
enum JSONBody {
  static func data(_ value: some Encodable) throws -> Data {
    try JSONOutput.encode(value, pretty: false).data
  }

  static func response(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
    response(raw: try data(value), status: status)
  }

  static func response(raw: Data, status: HTTPResponse.Status = .ok) -> Response {
    Response(status: status, headers: [.contentType: "application/json; charset=utf-8"],
             body: ResponseBody(byteBuffer: ByteBuffer(bytes: raw)))
  }

  /// A string as a JSON string literal.
  static func quote(_ s: String) -> String {
    String(decoding: (try? data(s)) ?? Data("\"\"".utf8), as: UTF8.self)
  }
}
