import Foundation
import Testing

// Tests that take several seconds alone (a whole study, the browser
// interface's end-to-end runs, 100,000-row workbooks, every documented
// example) carry the `slow` tag; `make test-quick` (CLUSTERSTAT_QUICK=1) skips
// them, `make test` and CI run everything.

extension Tag {
  @Tag public static var slow: Self
}

/// False under `CLUSTERSTAT_QUICK=1`: slow tests are then skipped.
public let slowTestsEnabled = ProcessInfo.processInfo.environment["CLUSTERSTAT_QUICK"] != "1"
