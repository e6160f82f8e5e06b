import Survey
import Foundation
import HTTPTypes
import Hummingbird
import Logging

// The application: routes over one DatasetStore, one session directory and
// one engine. How a request flows (Sources/Serve/README.md): SecurityHeaders
// → JSONError → Access (token) → route handler → the library (Ingest,
// CodebookDraft, StudyPipeline) or the engine (the CLI's command), run off
// the event loops → JSON.

public struct ServeConfiguration: Sendable {
  public var host: String
  public var port: Int
  public var maxUploadBytes: Int
  public var token: AccessToken
  public var session: SessionDirectory
  /// The program's version, written into the study's reports.
  public var version: String
  /// The shipped data sets (Datasets/) the Data tab offers, if the server found them.
  public var examples: String?

  public init(host: String = "127.0.0.1", port: Int = 8080, maxUploadBytes: Int = 200 * 1024 * 1024,
              token: AccessToken = .random(), session: SessionDirectory, version: String, examples: String? = nil) {
    self.examples = examples
    self.host = host
    self.port = port
    self.maxUploadBytes = maxUploadBytes
    self.token = token
    self.session = session
    self.version = version
  }

  /// True for 127.0.0.1, ::1 and localhost: the Host header is then checked too.
  public var isLoopback: Bool { ["127.0.0.1", "::1", "localhost"].contains(host) || host.hasPrefix("127.") }
}

public enum ServeServer {
  /// Largest JSON body of an analysis, a study or the reading settings.
  static let maxJSONBytes = 1024 * 1024

  /// The Hummingbird application `clusterstat serve` runs and the tests drive.
  public static func application(
    _ configuration: ServeConfiguration, engine: some AnalysisEngine, logger: Logger? = nil,
    onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
  ) -> some ApplicationProtocol {
    let router = Router(context: BasicRequestContext.self)
    let loopback: Set<String>? = configuration.isLoopback ? ["127.0.0.1", "localhost", "[::1]", configuration.host] : nil
    router.add(middleware: SecurityHeadersMiddleware())
    router.add(middleware: JSONErrorMiddleware())
    router.add(middleware: AccessMiddleware(token: configuration.token, loopbackHosts: loopback))
    Routes(configuration: configuration, engine: engine).register(on: router)
    var log = logger ?? Logger(label: "clusterstat-serve")
    if logger == nil { log.logLevel = .warning }
    return Application(
      router: router,
      configuration: ApplicationConfiguration(address: .hostname(configuration.host, port: configuration.port), serverName: "clusterstat"),
      onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? configuration.port) },
      logger: log)
  }
}

/// The handlers. Each reads what it needs from the store, does its work off
/// the event loops, and answers JSON (or a file, or the page).
struct Routes<Engine: AnalysisEngine>: Sendable {
  let configuration: ServeConfiguration
  let engine: Engine
  let store = DatasetStore()
  let progress = StudyProgress()
  let analysisProgress = AnalysisProgress()

  func register(on router: Router<BasicRequestContext>) {
    router.get("/") { _, _ in Page.response(.index) }
    router.get("/app.js") { _, _ in Page.response(.script) }
    router.get("/style.css") { _, _ in Page.response(.style) }
    router.get("/api/kinds") { _, _ in try kinds() }
    router.post("/api/datasets") { request, context in try await upload(request, context) }
    router.get("/api/examples") { _, _ in try examples() }
    router.post("/api/examples/:name") { _, context in try await openExample(context) }
    router.get("/api/datasets/:id") { _, context in try await summary(try await dataset(context)) }
    router.put("/api/datasets/:id/reading") { request, context in try await setReading(request, context) }
    router.get("/api/datasets/:id/codebook") { _, context in try await draftCodebook(context) }
    router.put("/api/datasets/:id/codebook") { request, context in try await setCodebook(request, context) }
    router.delete("/api/datasets/:id/codebook") { _, context in try await removeCodebook(context) }
    router.get("/api/datasets/:id/codebook/current") { _, context in try await currentCodebook(context) }
    router.get("/api/datasets/:id/codebook/form") { request, context in try await codebookForm(request, context) }
    router.put("/api/datasets/:id/codebook/form") { request, context in try await setCodebookForm(request, context) }
    router.put("/api/datasets/:id/coupling/data") { request, context in try await setCoupling(.data, request, context) }
    router.put("/api/datasets/:id/coupling/codebook") { request, context in try await setCoupling(.codebook, request, context) }
    router.delete("/api/datasets/:id/coupling") { _, context in try await removeCoupling(context) }
    router.post("/api/datasets/:id/analyses/:kind") { request, context in try await analyse(request, context) }
    router.get("/api/datasets/:id/results/:file") { _, context in try await resultFile(context) }
    router.get("/api/datasets/:id/analyses/progress") { _, context in
      try JSONBody.response(analysisProgress.get(try await dataset(context).id))
    }
    router.post("/api/diagram") { request, context in try await diagram(request, context) }
    router.post("/api/datasets/:id/study") { request, context in try await study(request, context) }
    router.get("/api/datasets/:id/study/progress") { _, context in
      let d = try await dataset(context)
      return try JSONBody.response(progress.get(d.id) ?? StudyProgress.Entry(running: false, stage: 0, message: ""))
    }
    router.get("/api/datasets/:id/study/:file") { _, context in try await download(context) }
  }

  // MARK: Datasets

  func dataset(_ context: BasicRequestContext) async throws -> Dataset {
    try await store.get(context.parameters.get("id") ?? "")
  }

  func kinds() throws -> Response {
    var out: [String: [String]] = [:]
    for k in AnalysisKind.allCases { out[k.rawValue] = k.options.keys.sorted() }
    return try JSONBody.response(["kinds": out])
  }

  /// POST /api/datasets: the file streamed into a new dataset's folder, then read.
  func upload(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
    let limit = configuration.maxUploadBytes
    if let length = request.headers[.contentLength].flatMap(Int.init), length > limit + 64 * 1024 {
      throw Upload.tooLarge(limit)
    }
    let boundary = try Upload.boundary(contentType: request.headers[.contentType])
    var name: String
    if boundary == nil {
      guard let header = request.headers[HTTPField.Name("X-Filename")!] else {
        throw ServeError(.badRequest, "send the file as the body with its name in the X-Filename header, or as multipart/form-data")
      }
      name = header.removingPercentEncoding ?? header
      _ = try Upload.fileExtension(name)
    } else {
      name = ""
    }
    return try await newDataset { id, folder in
      let incoming = folder + "/upload.part"
      // A multipart body carries a little more than the file: its headers and boundaries.
      _ = try await Upload.stream(request.body, to: incoming, limit: boundary == nil ? limit : limit + 64 * 1024)
      let ext: String
      if let boundary {
        let data = try Data(contentsOf: URL(fileURLWithPath: incoming), options: .alwaysMapped)
        let part = try Upload.filePart(in: data, boundary: boundary)
        name = part.filename
        ext = try Upload.fileExtension(name)
        guard part.range.count <= limit else { throw Upload.tooLarge(limit) }
        try data.subdata(in: part.range).write(to: URL(fileURLWithPath: folder + "/data.\(ext)"))
        try FileManager.default.removeItem(atPath: incoming)
      } else {
        ext = try Upload.fileExtension(name)
        try FileManager.default.moveItem(atPath: incoming, toPath: folder + "/data.\(ext)")
      }
      var dataset = Dataset(id: id, displayName: Upload.displayName(name), folder: folder, dataPath: folder + "/data.\(ext)")
      if request.uri.queryParameters["screen"].map({ ["0", "false", "no"].contains($0.lowercased()) }) == true {
        dataset.reading.screen = false
      }
      return dataset
    }
  }

  /// A new dataset in a folder of its own, filled by `fill`, read, then added to the store; on any failure
  /// nothing of it stays behind.
  func newDataset(_ fill: (_ id: String, _ folder: String) async throws -> Dataset) async throws -> Response {
    let id = randomID()
    let folder = try configuration.session.folder(id)
    do {
      let dataset = try await fill(id, folder)
      let response = try await summary(dataset, status: .created)
      await store.add(dataset)
      return response
    } catch {
      try? FileManager.default.removeItem(atPath: folder)
      throw error
    }
  }

  /// The dataset read as the analyses will read it (Ingest.load with the
  /// reading settings and the codebook: layout, guard, screening).
  func summary(_ dataset: Dataset, status: HTTPResponse.Status = .ok) async throws -> Response {
    let summary: DatasetSummary = try await offload {
      do {
        let book = try dataset.codebookPath.map { path throws(InputError) in try Codebook.read(path: path) }
        let ingest = try Ingest.load(path: dataset.dataPath, options: dataset.reading.ingestOptions(codebook: book))
        var s = DatasetSummary(dataset, ingest)
        s.notes = s.notes.map { Messages.clean($0, dataset) }
        s.notesZh = s.notesZh.map { Messages.clean($0, dataset) }
        return s
      } catch {
        throw Messages.failure(error, dataset)
      }
    }
    return try JSONBody.response(summary, status: status)
  }

  func jsonBody<T: Decodable>(_ request: Request, as type: T.Type) async throws -> T {
    let buffer: ByteBuffer
    do { buffer = try await request.body.collect(upTo: ServeServer.maxJSONBytes) } catch {
      throw ServeError(.contentTooLarge, "the request body is larger than \(ServeServer.maxJSONBytes / 1024) kB")
    }
    let data = Data(buffer: buffer)
    do {
      return try JSONDecoder().decode(T.self, from: data.isEmpty ? Data("{}".utf8) : data)
    } catch {
      throw ServeError(.badRequest, "the request body is not the JSON expected: \(AnalysisRequest.describe(error))")
    }
  }

  /// PUT /api/datasets/{id}/reading: new reading settings, kept only if the file reads with them.
  func setReading(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
    var dataset = try await dataset(context)
    let settings = try await jsonBody(request, as: ReadingSettings.self)
    try settings.validate()
    dataset.reading = settings
    let response = try await summary(dataset)
    await store.update(dataset)
    return response
  }

  /// What `clusterstat codebook` drafts from the file, its first line naming the upload.
  func draft(_ dataset: Dataset) async throws -> String {
    try await offload {
      do {
        let yaml = try CodebookDraft.draft(path: dataset.dataPath, options: dataset.reading.ingestOptions(codebook: nil))
        // Its first line names the file drafted from: the upload's name, not data.<ext>.
        let stored = URL(fileURLWithPath: dataset.dataPath).lastPathComponent
        return yaml.replacingOccurrences(of: "from \(stored) (", with: "from \(dataset.displayName) (")
      } catch {
        throw Messages.failure(error, dataset)
      }
    }
  }

  /// The dataset's codebook text and where it is from: uploaded (or edited), else drafted.
  func currentText(_ dataset: Dataset) async throws -> (text: String, source: String) {
    if let path = dataset.codebookPath, let text = try? String(contentsOfFile: path, encoding: .utf8) { return (text, "uploaded") }
    return (try await draft(dataset), "drafted")
  }

  static func yamlResponse(_ yaml: String) -> Response {
    Response(status: .ok, headers: [
      .contentType: "application/yaml; charset=utf-8",
      .contentDisposition: "attachment; filename=\"codebook.yaml\"",
    ], body: ResponseBody(byteBuffer: ByteBuffer(string: yaml)))
  }

  /// GET /api/datasets/{id}/codebook: what `clusterstat codebook` drafts from the file.
  func draftCodebook(_ context: BasicRequestContext) async throws -> Response {
    Self.yamlResponse(try await draft(try await dataset(context)))
  }

  /// GET /api/datasets/{id}/codebook/current: the codebook in use (uploaded or edited; 404 without one).
  func currentCodebook(_ context: BasicRequestContext) async throws -> Response {
    let dataset = try await dataset(context)
    guard let path = dataset.codebookPath, let text = try? String(contentsOfFile: path, encoding: .utf8) else {
      throw ServeError(.notFound, "no codebook has been uploaded or edited for this dataset; the drafted one is at /codebook")
    }
    return Self.yamlResponse(text)
  }

  /// GET /api/datasets/{id}/codebook/form[?lang=en]: the codebook in use, else the draft, as a form.
  func codebookForm(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
    let dataset = try await dataset(context)
    let (text, source) = try await currentText(dataset)
    let lang = request.uri.queryParameters.get("lang") == "en" ? "en" : "zh"
    return try JSONBody.response(try CodebookForm.of(text, source: source, lang: lang))
  }

  /// PUT /api/datasets/{id}/codebook/form: the filled form applied to the codebook in use (else the draft), stored like an upload.
  func setCodebookForm(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
    let dataset = try await dataset(context)
    let form = try await jsonBody(request, as: CodebookForm.self)
    let (text, _) = try await currentText(dataset)
    return try await storeCodebook(try form.apply(to: text), dataset)
  }

  /// PUT /api/datasets/{id}/codebook: a codebook (YAML body), checked, cleaned and tried on the file.
  func setCodebook(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
    let dataset = try await dataset(context)
    let buffer: ByteBuffer
    do { buffer = try await request.body.collect(upTo: CodebookUpload.maxBytes) } catch {
      throw ServeError(.contentTooLarge, "a codebook is at most \(CodebookUpload.maxBytes / (1024 * 1024)) MB")
    }
    guard let text = String(validating: buffer.readableBytesView, as: UTF8.self) else {
      throw ServeError(.badRequest, "the codebook is not UTF-8 text")
    }
    return try await storeCodebook(text, dataset)
  }

  /// A codebook's text cleaned, stored under a new name and read with the file; the dataset's only if that works.
  func storeCodebook(_ text: String, _ dataset: Dataset) async throws -> Response {
    var dataset = dataset
    let (yaml, notes) = try CodebookUpload.clean(text)
    // Written under a new name first: the dataset keeps its old codebook until the new one reads with the file.
    let candidate = dataset.folder + "/codebook-\(randomID()).yaml"
    do { try Data(yaml.utf8).write(to: URL(fileURLWithPath: candidate)) } catch {
      throw ServeError(.internalServerError, "cannot store the codebook in the session directory")
    }
    var trial = dataset
    trial.codebookPath = candidate
    trial.codebookNotes = notes
    let response: Response
    do { response = try await summary(trial) } catch {
      try? FileManager.default.removeItem(atPath: candidate)
      throw error
    }
    let old = dataset.codebookPath
    dataset = trial
    await store.update(dataset)
    if let old { try? FileManager.default.removeItem(atPath: old) }
    return response
  }

  func removeCodebook(_ context: BasicRequestContext) async throws -> Response {
    var dataset = try await dataset(context)
    if let old = dataset.codebookPath { try? FileManager.default.removeItem(atPath: old) }
    dataset.codebookPath = nil
    dataset.codebookNotes = []
    await store.update(dataset)
    return try await summary(dataset)
  }

  // MARK: Analyses

  /// POST /api/diagram {syntax}: the model editor's live path diagram (nothing fitted, no data read).
  func diagram(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
    let body = try await jsonBody(request, as: ModelPreview.Request.self)
    let answer = try await offload { try ModelPreview.render(body.syntax) }
    return try JSONBody.response(answer)
  }

  /// POST /api/datasets/{id}/analyses/{kind}: the CLI command on the dataset,
  /// its JSON and HTML as they would be printed, and its figure.
  func analyse(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
    let dataset = try await dataset(context)
    let name = context.parameters.get("kind") ?? ""
    guard let kind = AnalysisKind(rawValue: name) else {
      throw ServeError(.notFound, "no analysis '\(name.prefix(40))'; the analyses are \(AnalysisKind.allCases.map(\.rawValue).joined(separator: ", "))")
    }
    let body: ByteBuffer
    do { body = try await request.body.collect(upTo: ServeServer.maxJSONBytes) } catch {
      throw ServeError(.contentTooLarge, "the options are larger than \(ServeServer.maxJSONBytes / 1024) kB")
    }
    let options = try AnalysisRequest.object(Data(buffer: body))
    var arguments = ["--data=\(dataset.dataPath)"] + (dataset.codebookPath.map { ["--codebook=\($0)"] } ?? [])
    arguments += dataset.reading.arguments + (try AnalysisRequest.arguments(kind, options))
    // The figure goes into a folder of this run's own, read back and removed.
    let run = dataset.folder + "/run-" + randomID()
    try FileManager.default.createDirectory(atPath: run, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
    defer { try? FileManager.default.removeItem(atPath: run) }
    if let figure = kind.figure { arguments.append("--\(figure.option)=\(run)/\(figure.file)") }
    if kind == .process, let model = options["model"]?.scalarText, ["1", "2", "3"].contains(model) {
      arguments.append("--plot=\(run)/slopes.svg")
    }
    let command = kind.command
    let args = arguments
    let id = dataset.id, tracker = analysisProgress
    tracker.set(id, .init(running: true, stage: "", done: 0, total: 0))
    let result = await offload {
      engine.run(command: command, arguments: args) { stage, done, total in
        tracker.set(id, .init(running: true, stage: stage, done: done, total: total))
      }
    }
    tracker.set(id, .idle)
    guard let json = result.json, let html = result.html else {
      let failure = result.failure ?? EngineFailure(.engine, "the analysis wrote no output")
      let status: HTTPResponse.Status = switch failure.kind {
      case .badInput: .badRequest
      case .statistical: .unprocessableContent
      case .engine: .internalServerError
      }
      throw ServeError(status, Messages.clean(failure.message, dataset), line: failure.line, column: failure.column)
    }
    let figures = ((try? FileManager.default.contentsOfDirectory(atPath: run)) ?? []).sorted().filter { $0.hasSuffix(".svg") }
      .compactMap { file -> Figure? in
        (try? String(contentsOfFile: run + "/" + file, encoding: .utf8)).map { Figure(name: file, svg: $0) }
      }
    // The CLI's JSON goes in as it was printed (spliced, not re-encoded), naming the upload.
    var out = "{\"kind\":\(JSONBody.quote(kind.rawValue)),\"json\":\(Messages.cleanJSON(json, dataset))"
    out += ",\"html\":\(JSONBody.quote(Messages.cleanHTML(html, dataset)))"
    out += ",\"messages\":" + String(decoding: try JSONBody.data(result.messages.map { Messages.clean($0, dataset) }), as: UTF8.self)
    out += ",\"figures\":" + String(decoding: try JSONBody.data(figures), as: UTF8.self)
    if let failure = result.failure { out += ",\"failure\":" + JSONBody.quote(Messages.clean(failure.message, dataset)) }
    // Word and Excel files of the same tables and figures, built when the page's download links ask.
    if let id = try? ResultDownloads.save(result, figures: figures.map(\.svg), dataset: dataset, kind: kind.rawValue) {
      let base = "/api/datasets/\(dataset.id)/results/\(id)"
      out += ",\"downloads\":{\"docx\":\(JSONBody.quote(base + ".docx")),\"xlsx\":\(JSONBody.quote(base + ".xlsx"))}"
    }
    out += "}"
    return JSONBody.response(raw: Data(out.utf8))
  }

  struct Figure: Encodable {
    var name: String
    var svg: String
  }

  /// GET /api/datasets/{id}/results/{id}.docx|.xlsx: an analysis's Word or Excel file (ResultDownloads).
  func resultFile(_ context: BasicRequestContext) async throws -> Response {
    let dataset = try await dataset(context)
    let name = context.parameters.get("file") ?? ""
    let file = try await offload { try ResultDownloads.file(dataset, name) }
    guard let (data, kind, saveAs) = file else {
      throw ServeError(.notFound, "no result file '\(name.prefix(60))'; run the analysis again")
    }
    return Response(status: .ok, headers: [
      .contentType: kind.contentType,
      .contentDisposition: "attachment; filename=\"\(saveAs)\"",
    ], body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
  }

  // MARK: Study

  /// POST /api/datasets/{id}/study: the whole study into the dataset's study/ folder.
  func study(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
    let dataset = try await dataset(context)
    let options = try await jsonBody(request, as: StudyRequest.self)
    let version = configuration.version
    let progress = self.progress
    let outcome = try await offload { try StudyRunner.run(dataset, options, version: version, progress: progress) }
    return try JSONBody.response(outcome)
  }

  /// GET /api/datasets/{id}/study/{file}: one of the reports (StudyFile), as an attachment.
  func download(_ context: BasicRequestContext) async throws -> Response {
    let dataset = try await dataset(context)
    let name = context.parameters.get("file") ?? ""
    guard let file = StudyFile(rawValue: name) else {
      throw ServeError(.notFound, "no report file '\(name.prefix(40))'; the files are \(StudyFile.allCases.map(\.rawValue).joined(separator: ", "))")
    }
    let path = dataset.studyFolder + "/" + file.rawValue
    guard let data = FileManager.default.contents(atPath: path) else {
      throw ServeError(.notFound, "no \(file.rawValue) yet: run the study first")
    }
    return Response(status: .ok, headers: [
      .contentType: file.contentType,
      .contentDisposition: "attachment; filename=\"\(file.rawValue)\"",
    ], body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
  }
}
