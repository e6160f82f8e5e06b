#if canImport(Glibc)
import Glibc
#endif

/// The fuzzer's input as text; invalid UTF-8 becomes U+FFFD, as String(decoding:) does
/// for a file read by the command-line tool.
public func fuzzText(_ data: UnsafePointer<UInt8>, _ size: Int) -> String {
  String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
}

/// The readers take a path, so each input is written to one file per process
/// (overwritten every run; libFuzzer runs inputs one after another).
public final class FuzzFile: @unchecked Sendable {
  public let path: String

  public init(suffix: String) {
    let dir = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
    path = "\(dir)/clusterstat-fuzz-\(getpid())\(suffix)"
  }

  public func write(_ data: UnsafePointer<UInt8>, _ size: Int) {
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    precondition(fd >= 0, "cannot write \(path)")
    var done = 0
    while done < size {
      let n = Glibc.write(fd, data + done, size - done)
      precondition(n > 0, "cannot write \(path)")
      done += n
    }
    close(fd)
  }
}

public typealias FuzzCallback = @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt

// SwiftPM links every executable with its entry point renamed (`<module>_main`,
// so that tests can link it), which leaves libFuzzer's own main unused: each
// target's @main hands its callback to libFuzzer's driver instead.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
  _ argc: UnsafeMutablePointer<CInt>,
  _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
  _ callback: FuzzCallback) -> CInt

public func runFuzzer(_ callback: FuzzCallback) -> Never {
  var argc = CommandLine.argc
  var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
  exit(LLVMFuzzerRunDriver(&argc, &argv, callback))
}
