import Runtime
import Testing

@Suite("Without --config, the configuration file is found in the documented order")
struct ConfigDiscoveryTests {
    /// A discovery over a pretend file system holding `files`.
    private func discovery(_ files: Set<String>) -> ConfigDiscovery {
        ConfigDiscovery(systemPath: "/etc/booknow/booknowd.conf", fileExists: { files.contains($0) })
    }

    private let everything: Set<String> = ["/etc/booknow/booknowd.conf", ".state/booknowd.conf", "/srv/state/booknowd.conf"]

    @Test func theFlagWinsOverEverything() {
        let choice = discovery(everything).choose(explicit: "/tmp/mine.conf", environment: ["BOOKNOW_CONFIG": "/tmp/env.conf"])
        #expect(choice == .init(path: "/tmp/mine.conf", source: "--config"))
    }

    @Test func theVariableWinsOverTheSystemAndStateFiles() {
        let choice = discovery(everything).choose(explicit: nil, environment: ["BOOKNOW_CONFIG": "/tmp/env.conf"])
        #expect(choice == .init(path: "/tmp/env.conf", source: "BOOKNOW_CONFIG"))
    }

    @Test func aNamedFileIsChosenEvenWhenMissingSoATypoFailsLoudly() {
        #expect(discovery([]).choose(explicit: nil, environment: ["BOOKNOW_CONFIG": "/nope.conf"]).path == "/nope.conf")
    }

    @Test func theSystemFileComesBeforeTheDevelopmentOne() {
        #expect(discovery(everything).choose(explicit: nil, environment: [:]).path == "/etc/booknow/booknowd.conf")
        #expect(discovery(everything).choose(explicit: nil, environment: ["BOOKNOW_CONFIG": ""]).source == "system file")
    }

    @Test func theStateFolderIsBookNowStateDirOrDotState() {
        let development: Set<String> = [".state/booknowd.conf", "/srv/state/booknowd.conf"]
        #expect(discovery(development).choose(explicit: nil, environment: [:]).path == ".state/booknowd.conf")
        let moved = discovery(development).choose(explicit: nil, environment: ["BOOKNOW_STATE_DIR": "/srv/state"])
        #expect(moved == .init(path: "/srv/state/booknowd.conf", source: "development state folder"))
    }

    @Test func withNoFileTheDefaultsApply() {
        let choice = discovery([]).choose(explicit: nil, environment: ["BOOKNOW_STATE_DIR": "/srv/state"])
        #expect(choice.path == nil && choice.summary.contains("defaults"))
    }
}
