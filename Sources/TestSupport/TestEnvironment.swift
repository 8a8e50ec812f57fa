public import Foundation

/// What the test command (`scripts/test`) provides: the throwaway cluster's
/// URL, a scratch folder and the repository root.
///
/// A missing variable is an error, never a skip: a test run without its peers
/// must fail loudly.
public enum TestEnvironment {
    public struct Missing: Error, CustomStringConvertible {
        public let name: String
        public var description: String { "\(name) is not set: run the tests with scripts/test, which starts their peers" }
    }

    public static func value(_ name: String) throws -> String {
        guard let value = ProcessInfo.processInfo.environment[name], !value.isEmpty else { throw Missing(name: name) }
        return value
    }

    /// The admin URL of the throwaway cluster (database `postgres`, superuser).
    public static func adminDatabaseURL() throws -> String { try value("BOOKNOW_TEST_DATABASE_URL") }

    /// A folder for files the test leaves behind only until the run ends.
    public static func scratchFolder() throws -> URL {
        let url = URL(fileURLWithPath: try value("BOOKNOW_TEST_SCRATCH")).appendingPathComponent("t-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// The repository's root folder.
    public static func repository() throws -> URL { URL(fileURLWithPath: try value("BOOKNOW_TEST_REPO")) }
}

/// Runs `body` on `count` dedicated threads at once and waits for all of them.
///
/// Blocking work (libpq) must not run on Swift's cooperative pool; tests that
/// need real concurrency use real threads, as the daemon does.
public func onThreads(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) {
    let group = DispatchGroup()
    for index in 0..<count {
        group.enter()
        let thread = Thread {
            body(index)
            group.leave()
        }
        thread.start()
    }
    group.wait()
}
