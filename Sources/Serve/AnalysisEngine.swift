import Report

// The one engine behind the page and the command line. The server does not
// rebuild any analysis: it hands the command line it built to an engine, and
// `clusterstat serve` gives it the CLI itself (ServeCommand.swift: the same
// parser, validate(), run() and table code as a terminal run, with the
// output captured instead of printed). So a page's JSON is byte for byte what
// `--format json` prints and its tables what `--format html` renders.

public protocol AnalysisEngine: Sendable {
  /// Runs `clusterstat <command> <arguments…>` in this process; blocking
  /// (the server calls it off the event loops). `progress` hears long steps
  /// (the bootstrap): their name, how many are done, of how many.
  func run(command: String, arguments: [String], progress: EngineProgress?) -> EngineResult
}

public typealias EngineProgress = @Sendable (_ stage: String, _ done: Int, _ total: Int) -> Void

extension AnalysisEngine {
  public func run(command: String, arguments: [String]) -> EngineResult { run(command: command, arguments: arguments, progress: nil) }
}

/// What a run produced.
public struct EngineResult: Sendable {
  /// The JSON --format json prints (nil when the run failed before its output).
  public var json: String?
  /// The page --format html writes.
  public var html: String?
  /// Its notes and warnings (what the CLI writes on stderr), without the "clusterstat: " prefix.
  public var messages: [String]
  public var failure: EngineFailure?
  /// The tables the page shows, its title and language: what the Word and Excel downloads are made of.
  public var tables: [Table]
  public var title: String
  public var language: Language

  public init(json: String?, html: String?, messages: [String], failure: EngineFailure?,
              tables: [Table] = [], title: String = "", language: Language = .zh) {
    self.json = json
    self.html = html
    self.messages = messages
    self.failure = failure
    self.tables = tables
    self.title = title
    self.language = language
  }
}

/// Why a run failed, with the CLI's exit status.
public struct EngineFailure: Sendable, Error {
  public enum Kind: Sendable {
    /// Exit status 2: the options, the data or the model syntax (400).
    case badInput
    /// Exit status 1: the statistics failed (not converged, improper, …) (422).
    case statistical
    /// Neither: the engine itself broke (500).
    case engine
  }

  public var kind: Kind
  public var message: String
  /// For a model-syntax error: where.
  public var line: Int?
  public var column: Int?

  public init(_ kind: Kind, _ message: String, line: Int? = nil, column: Int? = nil) {
    self.kind = kind
    self.message = message
    self.line = line
    self.column = column
  }
}
