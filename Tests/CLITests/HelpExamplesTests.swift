import Foundation
import Testing
import _TestSupport

// Every example in the help texts runs: the commands as `--help` prints them
// (COLUMNS wide enough not to wrap), from a scratch folder that sees the
// repository's Datasets/ and Benchmarks/ (so `--out report` writes there, not
// into the repository). Changed only where running them here would be wrong:
// `serve` starts a server (check-serve drives it), `bench --against` needs R,
// `simulate --study … --out-dir DIR` gets a scratch DIR instead of the shipped
// data's folder, and `study` runs with `--bootstrap 0` (the resampling is tested
// on its own).

@Suite struct HelpExamplesTests {
  static let commands: [String] = {
    guard let help = try? runCLI(["--help"], environment: ["COLUMNS": "1000"]).stdout,
          let section = help.range(of: "SUBCOMMANDS:")
    else { return [] }
    // The indented lines up to the first blank one ("See 'clusterstat help …'" follows).
    let lines = help[section.upperBound...].split(separator: "\n", omittingEmptySubsequences: false).dropFirst()
    return lines.prefix { !$0.trimmingCharacters(in: .whitespaces).isEmpty }.compactMap { line in
      line.hasPrefix("  ") ? line.split(separator: " ").first.map(String.init) : nil
    }
  }()

  /// The example lines of `clusterstat [command] --help`.
  static func examples(_ command: String?) throws -> [String] {
    let help = try runCLI((command.map { [$0] } ?? []) + ["--help"], environment: ["COLUMNS": "1000"]).stdout
    guard let start = help.range(of: "Examples:") else { return [] }
    return help[start.upperBound...].split(separator: "\n", omittingEmptySubsequences: false).dropFirst()
      .prefix { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
      .map { $0.trimmingCharacters(in: .whitespaces) }
      .filter { $0.hasPrefix("clusterstat ") }
  }

  /// A shell line's words: single and double quotes, a `#` comment ended.
  static func words(_ line: String) -> [String] {
    var out: [String] = [], word = "", quote: Character?, inWord = false
    for c in line {
      if let q = quote {
        if c == q { quote = nil } else { word.append(c) }
      } else if c == "'" || c == "\"" {
        quote = c; inWord = true
      } else if c == "#" && !inWord {
        break
      } else if c.isWhitespace {
        if inWord { out.append(word); word = ""; inWord = false }
      } else {
        word.append(c); inWord = true
      }
    }
    if inWord { out.append(word) }
    return out
  }

  @Test func theCommandsAreListed() {
    #expect(Self.commands.count >= 20 && Self.commands.contains("cfa") && Self.commands.contains("study"), "\(Self.commands)")
  }

  @Test(arguments: [nil] + HelpExamplesTests.commands.map(Optional.some))
  func examplesRun(_ command: String?) throws {
    let lines = try Self.examples(command)
    if let command, !["serve"].contains(command) {
      #expect(!lines.isEmpty, "\(command) --help has no examples")
    }
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("cs-examples-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: scratch) }
    for folder in ["Datasets", "Benchmarks"] {
      try FileManager.default.createSymbolicLink(atPath: scratch + "/" + folder, withDestinationPath: packagePath(folder))
    }
    for line in lines {
      var args = Array(Self.words(line).dropFirst())
      guard let name = args.first, name != "serve", !args.contains("--against") else { continue }
      if let k = args.firstIndex(of: "--out-dir"), k + 1 < args.count {
        // A copy of the named folder (the population model the data are drawn from stays beside them).
        let copy = scratch + "/out-dir-\(UUID().uuidString)"
        try FileManager.default.copyItem(atPath: packagePath(args[k + 1]), toPath: copy)
        args[k + 1] = copy
      }
      if name == "study", !args.contains("--bootstrap") { args += ["--bootstrap", "0"] }
      let r = try runCLI(args, in: scratch)
      #expect(r.status == 0, "\(line)\n\(r.stderr.suffix(600))")
    }
  }
}
