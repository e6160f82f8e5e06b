#if canImport(Glibc)
import Glibc
#endif

/// A fuzz target: `@main` on a type that conforms makes an executable that
/// libFuzzer drives, calling `test` with each input.
public protocol FuzzTarget {
  static func test(_ input: UnsafeBufferPointer<UInt8>)
}

extension FuzzTarget {
  public static func main() { runFuzzer(test) }

  /// The input as text; invalid UTF-8 becomes U+FFFD, as for a file the
  /// command-line tool reads.
  public static func text(_ input: UnsafeBufferPointer<UInt8>) -> String {
    String(decoding: input, as: UTF8.self)
  }
}

/// A target whose parser takes a path: each input is first written to one
/// file per process (overwritten every run; libFuzzer runs inputs one after another).
public protocol FileFuzzTarget: FuzzTarget {
  static var suffix: String { get }
  static func test(path: String)
}

extension FileFuzzTarget {
  public static func test(_ input: UnsafeBufferPointer<UInt8>) {
    let dir = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
    let path = "\(dir)/clusterstat-fuzz-\(getpid())\(suffix)"
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    precondition(fd >= 0, "cannot write \(path)")
    var done = 0
    while done < input.count {
      let n = write(fd, input.baseAddress! + done, input.count - done)
      precondition(n > 0, "cannot write \(path)")
      done += n
    }
    close(fd)
    test(path: path)
  }
}

// SwiftPM links every executable with its entry point renamed (`<module>_main`,
// so that tests can link it), which leaves libFuzzer's own main unused: the
// target's main hands the callback to libFuzzer's driver instead.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
  _ argc: UnsafeMutablePointer<CInt>,
  _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
  _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

// A C callback captures nothing, so it reaches the target's test through a global.
nonisolated(unsafe) private var currentTest: ((UnsafeBufferPointer<UInt8>) -> Void)?

func runFuzzer(_ test: @escaping (UnsafeBufferPointer<UInt8>) -> Void) -> Never {
  currentTest = test
  var argc = CommandLine.argc
  var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
  exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in
    currentTest?(UnsafeBufferPointer(start: data, count: size))
    return 0
  })
}
