import Application
import Bootstrap
import Foundation
import Runtime

/// Parses the arguments, loads the configuration, has `Application` assemble
/// the daemon and runs its services until SIGTERM, telling systemd when it is
/// ready, stopping and (with `WatchdogSec=`) alive.
///
/// Exit codes (sysexits): 0 after a clean stop, 64 for bad arguments, 69 when
/// the database cannot be reached at start, 78 for bad configuration or a
/// schema this release cannot run on (systemd's `RestartPreventExitStatus=78`
/// stops a crash loop), 1 when a service fails.
enum Daemon {
    static let usage = """
        usage: booknowd [--config FILE] [--check-config]
               booknowd --version

          --config FILE    configuration file; without it: $BOOKNOW_CONFIG, else /etc/booknow/booknowd.conf
                           if it exists, else $BOOKNOW_STATE_DIR/booknowd.conf (default .state/) if it
                           exists, else built-in defaults and BOOKNOW_* variables
          --check-config   run every start-up check that needs no database (configuration, link key,
                           templates and pages, transports) and exit 0, or exit 78 saying what is wrong
          --version        print the release, the commit it was built from and the schema it needs
          --help           show this help
        """

    static func run(arguments: [String], environment: [String: String]) async -> Int32 {
        var configPath: String?
        var checkOnly = false
        var rest = arguments[...]
        while let argument = rest.popFirst() {
            switch argument {
            case "--config":
                guard let path = rest.popFirst() else { return usageError("--config needs a file") }
                configPath = path
            case "--check-config": checkOnly = true
            case "--help", "-h":
                print(usage)
                return 0
            case "--version":
                print(BuildInfo.versionText(program: "booknowd"))
                return 0
            default: return usageError("unknown argument '\(argument)'")
            }
        }

        let choice = ConfigDiscovery().choose(explicit: configPath, environment: environment)
        let config: Config
        do {
            config = try Config.load(file: choice.path, environment: environment)
        } catch {
            standardError("booknowd: \(error)")
            return 78
        }
        do {
            try Application.check(config)
        } catch let failure as StartupFailure {
            standardError("booknowd: \(failure.message)")
            return failure.exitCode
        } catch {
            standardError("booknowd: \(error)")
            return 78
        }
        if checkOnly {
            print("booknowd: configuration OK (\(choice.summary))")
            return 0
        }

        let logger = Logger(level: LogLevel(rawValue: config.word("log.level")) ?? .info, environment: environment)
        logger.info("configuration", ["file": LogValue(choice.summary)])
        do {
            // Assembly checks the database through libpq, which blocks: not on the cooperative pool.
            let application = try await BlockingThread.run { try Application(config: config, logger: logger) }
            defer { application.close() }
            var services = try application.services()
            if let interval = Watchdog.interval(environment: environment) {
                // Fed only while the database answers and the claim loop is healthy.
                services.append(Watchdog(interval: interval, notifier: SystemdNotifier(environment: environment), logger: logger,
                                         isHealthy: { await application.isHealthy() }))
            }
            let group = ServiceGroup(
                services: services, logger: logger, notifier: SystemdNotifier(environment: environment),
                shutdownTimeout: config.duration("http.shutdown_timeout"))
            return await group.run().exitCode
        } catch let failure as StartupFailure {
            logger.error(failure.message, ["code": LogValue(failure.code)])
            standardError("booknowd: \(failure.message)")
            return failure.exitCode
        } catch {
            logger.error("startup failed", ["error": .describing(String(describing: error))])
            return 1
        }
    }

    private static func usageError(_ message: String) -> Int32 {
        standardError("booknowd: \(message)\n\(usage)")
        return 64
    }
}

func standardError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}
