import HTTPTypes
import Hummingbird

// The gate in front of every route. A request passes with the token in the
// X-ClusterStat-Token header, or in the HttpOnly cookie the first page load
// sets: the URL printed at start carries ?token=…; GET / with it answers with
// the cookie (SameSite=Strict, so no other site's page can send it) and a
// redirect to /, which takes the token out of the address bar and history.
// Anything else is 401 before any handler runs. On a loopback bind the Host
// header must name loopback too: a page on another domain that resolves to
// 127.0.0.1 (DNS rebinding) gets 403, though it could not read the token anyway.

struct AccessMiddleware<Context: RequestContext>: RouterMiddleware {
  static var header: HTTPField.Name { HTTPField.Name("X-ClusterStat-Token")! }
  static var cookie: String { "clusterstat_token" }

  let token: AccessToken
  /// Host names a loopback server answers to; nil: any (bound with --host).
  let loopbackHosts: Set<String>?

  func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
    if let allowed = loopbackHosts, let authority = request.head.authority, !allowed.contains(Self.hostName(authority)) {
      throw ServeError(.forbidden, "this server answers on 127.0.0.1 and localhost only")
    }
    if let given = request.headers[Self.header] {
      guard token.matches(given) else { throw ServeError(.unauthorized, "wrong access token") }
      return try await next(request, context)
    }
    if let cookie = request.cookies[Self.cookie], token.matches(cookie.value) {
      return try await next(request, context)
    }
    if request.method == .get, request.uri.path == "/", let given = request.uri.queryParameters["token"] {
      guard token.matches(given) else { throw ServeError(.unauthorized, "wrong access token: open the URL clusterstat serve printed") }
      var response = Response.redirect(to: "/", type: .found)
      response.setCookie(Cookie(name: Self.cookie, value: token.value, path: "/", httpOnly: true, sameSite: .strict))
      response.headers[.cacheControl] = "no-store"
      return response
    }
    throw ServeError(.unauthorized, "this request needs the access token: open the URL clusterstat serve printed (with ?token=…), or send the X-ClusterStat-Token header")
  }

  /// "127.0.0.1:8080" → "127.0.0.1", "[::1]:8080" → "[::1]", "localhost" → "localhost".
  static func hostName(_ authority: String) -> String {
    let a = authority.lowercased()
    if a.hasPrefix("["), let end = a.firstIndex(of: "]") { return String(a[...end]) }
    return String(a.split(separator: ":", maxSplits: 1).first ?? "")
  }
}

/// Turns every error into JSON: a ServeError as it is, Hummingbird's own
/// (404 for an unknown route, 413 from a body too large) with its status, and
/// anything else as 500 with its description: the connection always gets an answer.
struct JSONErrorMiddleware<Context: RequestContext>: RouterMiddleware {
  func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
    do {
      return try await next(request, context)
    } catch let error as ServeError {
      throw error
    } catch let error as HTTPError {
      throw ServeError(error.status, error.body ?? Self.reason(error.status, request))
    } catch let error as any HTTPResponseError {
      throw ServeError(error.status, Self.reason(error.status, request))
    } catch {
      context.logger.error("internal error on \(request.method) \(request.uri.path): \(error)")
      throw ServeError(.internalServerError, "internal error: \(error)")
    }
  }

  static func reason(_ status: HTTPResponse.Status, _ request: Request) -> String {
    switch status {
    case .notFound: return "no such endpoint: \(request.method) \(request.uri.path.prefix(200))"
    case .contentTooLarge: return "the request body is too large"
    case .methodNotAllowed: return "\(request.method) is not allowed on \(request.uri.path.prefix(200))"
    default: return status.reasonPhrase
    }
  }
}

/// Headers every response carries: nothing cached, nothing framed or sniffed,
/// scripts from this server only (the result tables arrive as HTML in a
/// sandboxed frame and cannot run any).
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
  func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
    var response: Response
    do { response = try await next(request, context) } catch let error as any HTTPResponseError {
      response = try error.response(from: request, context: context)
    }
    response.headers[.contentSecurityPolicy] =
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
    response.headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
    response.headers[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
    if response.headers[.cacheControl] == nil { response.headers[.cacheControl] = "no-store" }
    return response
  }
}
