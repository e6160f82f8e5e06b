import ArgumentParser
import ClusterStat
import Dispatch
import Foundation
import Serve
import Synchronization

struct ServeCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "serve",
    abstract: "A local browser interface: upload an export, run the analyses and the whole study, download the reports.",
    discussion: """
      Starts a web server on this computer (127.0.0.1 unless --host says
      otherwise) and prints its address with a random access token; open it
      in a browser (--open does). The page runs the same code as these
      commands: the data never leave the machine, the personal-data guard
      applies to everything shown and downloaded, and uploads are kept in a
      temporary folder removed when the server stops (Ctrl-C).

      Examples:
        clusterstat serve --open
        clusterstat serve --port 9000 --max-upload-mb 500
      """)

  @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("The port to listen on (0: any free port).", valueName: "n"))
  var port: Int = 8080

  @Option(name: .long, help: ArgumentHelp("The address to listen on. Anything but loopback lets other machines reach the server (they still need the token).", valueName: "address"))
  var host: String = "127.0.0.1"

  @Flag(name: .long, help: "Open the page in the default browser (xdg-open).")
  var open = false

  @Option(name: .customLong("max-upload-mb"), parsing: .unconditional, help: ArgumentHelp("The largest upload taken, in MB.", valueName: "MB"))
  var maxUploadMB: Int = 200

  @Option(name: .long, help: ArgumentHelp("The shipped data sets offered in the Data tab (default: Datasets/ here or in the source tree the program was built in).", valueName: "dir"))
  var examples: String?

  func validate() throws {
    if let examples, !FileManager.default.fileExists(atPath: examples) {
      throw ValidationError("--examples: no directory '\(examples)'")
    }
    guard (0...65535).contains(port) else { throw ValidationError("--port takes 0 to 65535 (0: any free port)") }
    guard (1...65536).contains(maxUploadMB) else { throw ValidationError("--max-upload-mb takes 1 to 65536") }
    guard !host.isEmpty, !host.contains(where: { $0.isWhitespace || $0 == "/" }) else {
      throw ValidationError("--host takes an address such as 127.0.0.1 or 0.0.0.0, not '\(host)'")
    }
  }

  func run() throws {
    let session: SessionDirectory
    do { session = try SessionDirectory() } catch { throw InputError(error.message) }
    defer { session.remove() }
    let configuration = ServeConfiguration(host: host, port: port, maxUploadBytes: maxUploadMB * 1024 * 1024,
                                           session: session, version: clusterStatVersion, examples: examples ?? Self.shippedDatasets())
    if !configuration.isLoopback {
      writeWarning("--host \(host) lets other machines on the network reach this server; anyone with the printed URL (its token) can read the data you upload")
    }
    let (host, open, token) = (self.host, self.open, configuration.token)
    let app = ServeServer.application(configuration, engine: CLIEngine()) { port in
      let url = "http://\(Self.urlHost(host)):\(port)/?token=\(token)"
      FileHandle.standardError.write(Data("clusterstat: serving on \(url)\nclusterstat: uploads are kept in \(session.path) until the server stops (Ctrl-C)\n".utf8))
      // Unbuffered: a script that started the server reads the URL at once.
      FileHandle.standardOutput.write(Data((url + "\n").utf8))
      if open { Self.openBrowser(url) }
    }
    // The commands are synchronous (ClusterStatCommand.main); the server runs
    // as a task until SIGINT or SIGTERM ends it gracefully, then the session
    // directory goes with the defer above.
    let outcome = Mutex<(any Error)?>(nil)
    let done = DispatchSemaphore(value: 0)
    Task {
      do { try await app.runService() } catch { outcome.withLock { $0 = error } }
      done.signal()
    }
    done.wait()
    if let error = outcome.withLock({ $0 }) {
      throw InputError("cannot serve on \(host):\(port): \(error) (is another program using the port? try --port 0)")
    }
  }

  /// Datasets/ in the working directory, else in the source tree of a build (.build/<triple>/<config>/clusterstat).
  static func shippedDatasets() -> String? {
    var candidates = [FileManager.default.currentDirectoryPath + "/Datasets"]
    var folder = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
    for _ in 0..<4 {
      folder = folder.deletingLastPathComponent()
      candidates.append(folder.path + "/Datasets")
    }
    return candidates.first { FileManager.default.fileExists(atPath: $0 + "/cluster-enterprise") }
  }

  /// The host as a URL writes it: a wildcard bind is reached as 127.0.0.1, IPv6 in brackets.
  static func urlHost(_ host: String) -> String {
    if host == "0.0.0.0" || host == "::" { return "127.0.0.1" }
    return host.contains(":") ? "[\(host)]" : host
  }

  /// xdg-open if it is on the PATH; otherwise the printed URL is the way in.
  static func openBrowser(_ url: String) {
    let path = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
      .map { "\($0)/xdg-open" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    guard let path else {
      writeNote("no xdg-open on this machine: open the URL above in a browser")
      return
    }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = [url]
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    do { try process.run() } catch { writeNote("could not start xdg-open (\(error.localizedDescription)): open the URL above in a browser") }
  }
}

/// The engine behind the page: the command line itself. The server builds
/// `clusterstat KIND --data=… options…`; this parses it with the same parser
/// (validate() included) and runs the same run(), with OutputCapture taking
/// the JSON, the HTML and the notes that would have gone to stdout and stderr.
struct CLIEngine: AnalysisEngine {
  func run(command: String, arguments: [String], progress: EngineProgress?) -> EngineResult {
    // One task-local value carries the output and the progress listener (a second,
    // nested TaskLocal.withValue on a Dispatch thread crashed the 6.3 runtime in release builds).
    let capture = OutputCapture(progress: progress)
    do {
      var parsed = try ClusterStatCommand.parseAsRoot([command] + arguments)
      capture.language = Self.language(of: parsed)
      guard !(parsed is ServeCommand || parsed is StudyCommand || parsed is SimulateCommand || parsed is BenchCommand) else {
        return capture.result(failure: EngineFailure(.badInput, "'\(command)' is not an analysis"))
      }
      try OutputCapture.$current.withValue(capture) { try parsed.run() }
      return capture.result(failure: nil)
    } catch {
      let failure: EngineFailure
      switch ClusterStatCommand.status(of: error) {
      case 2?:
        let syntax = error as? SyntaxError
        failure = EngineFailure(.badInput, "\(error)", line: syntax?.line, column: syntax?.column)
      case 1?: failure = EngineFailure(.statistical, "\(error)")
      default:
        // Usage mistakes (unknown value, failed validate()) are bad input, as the CLI's exit 2.
        failure = EngineFailure(.badInput, ClusterStatCommand.message(for: error))
      }
      return capture.result(failure: failure)
    }
  }

  /// The parsed command's --lang (its OutputOptions group), for its notes.
  static func language(of command: any ParsableCommand) -> Language? {
    for child in Mirror(reflecting: command).children {
      if let output = child.value as? OutputOptions { return output.lang }
    }
    return nil
  }
}
