import Foundation
import Postgres
import Queue
import Testing
import TestSupport

@Suite("booknowctl jobs, queues and dead: the operator's view of the queue, end to end")
struct QueueCommandTests {
    static let salonA = UUID(uuidString: "0000000a-0000-4000-8000-000000000001")!
    static let salonB = UUID(uuidString: "0000000b-0000-4000-8000-000000000002")!

    /// A database with three jobs run to death by a real worker (two for salon A,
    /// one for salon B) and one job waiting an hour in `sms`; the worker is
    /// stopped before `body`, so a replayed job stays `scheduled` for the test to see.
    private func withDeadJobs(_ body: (TestDatabase, [Int64]) throws -> Void) throws {
        try TestDatabase.with { db in
            let pool = db.makePool(size: 4)
            var kinds = JobRegistry()
            kinds.register("notify") { _ in .dead(Failure("smtp_550", "mailbox unavailable", providerReply: "550 5.1.1 no such user")) }
            let worker = Worker(pool: pool, registry: kinds, configuration: WorkerConfiguration(
                queues: ["email": 2], pollInterval: .seconds(30), completionFlushInterval: .milliseconds(20), maintenanceInterval: .seconds(3600)))
            try worker.start()
            let ids = try pool.withTransaction { connection in
                let dead = try Jobs.enqueue([
                    NewJob(kind: "notify", queue: "email", businessID: Self.salonA, payload: #"{"to":"ann@example.com"}"#),
                    NewJob(kind: "notify", queue: "email", businessID: Self.salonA),
                    NewJob(kind: "notify", queue: "email", businessID: Self.salonB),
                ], on: connection)
                _ = try Jobs.enqueue(NewJob(kind: "reminder", queue: "sms", delay: .seconds(3600)), on: connection)
                return dead
            }
            #expect(worker.waitForCompletions(3, timeout: .seconds(20)))
            _ = worker.shutdown(timeout: .seconds(5))
            try body(db, ids)
        }
    }

    private func ctl(_ db: TestDatabase, _ arguments: [String], user: String = "alice") throws -> (code: Int32, output: String) {
        try booknowctl(arguments, environment: ["BOOKNOW_DATABASE_URL": db.url, "SUDO_USER": "", "USER": user])
    }

    private func decode<T: Decodable>(_ type: T.Type, _ output: String) throws -> T {
        try CLIJSON.decode(type, output)
    }

    private func state(_ db: TestDatabase, _ id: Int64) throws -> String? {
        try db.connect().query("SELECT state FROM jobs WHERE id = $1", [id]).first?.decode(String.self, "state")
    }

    @Test func statsCountsByQueueKindAndStateWithLatenessAndPausedQueues() throws {
        try withDeadJobs { db, _ in
            #expect(try ctl(db, ["queues", "pause", "sms"]).code == 0)
            let text = try ctl(db, ["jobs", "stats"])
            #expect(text.code == 0, "\(text.output)")
            let rows = text.output.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
            #expect(rows.contains(["QUEUE", "KIND", "STATE", "COUNT"]))
            #expect(rows.contains(["email", "notify", "dead", "3"]) && rows.contains(["sms", "reminder", "scheduled", "1"]))
            #expect(text.output.contains("oldest due job: none waiting") && text.output.contains("paused queues: sms"))

            let json = try ctl(db, ["--json", "jobs", "stats"])
            let statistics = try decode(QueueStatistics.self, json.output)
            #expect(statistics.total(.dead) == 3 && statistics.total(.scheduled) == 1 && statistics.pausedQueues == ["sms"])
        }
    }

    @Test func pauseRecordsWhoAndWhyAndResumeClearsIt() throws {
        try withDeadJobs { db, _ in
            let paused = try ctl(db, ["queues", "pause", "email", "--reason", "provider outage"], user: "alice")
            #expect(paused.code == 0 && paused.output.contains("paused queue email (by alice: provider outage)"), "\(paused.output)")
            let listed = try decode([QueueControl.Status].self, try ctl(db, ["--json", "queues", "list"]).output)
            let email = try #require(listed.first { $0.name == "email" })
            #expect(email.paused && email.pausedBy == "alice" && email.pausedReason == "provider outage")
            #expect(listed.first { $0.name == "sms" }?.waiting == 1)
            let table = try ctl(db, ["queues", "list"]).output
            #expect(table.contains("QUEUE") && table.contains("paused") && table.contains("provider outage"))

            #expect(try ctl(db, ["queues", "resume", "email"]).output.contains("resumed queue email"))
            #expect(try ctl(db, ["queues", "resume", "email"]).output.contains("was not paused"))
            let after = try decode([QueueControl.Status].self, try ctl(db, ["--json", "queues", "list"]).output)
            #expect(after.allSatisfy { !$0.paused })
        }
    }

    @Test func deadListFiltersAndShowPrintsPayloadAndEveryAttempt() throws {
        try withDeadJobs { db, ids in
            let all = try ctl(db, ["dead", "list"])
            #expect(all.code == 0 && all.output.contains("smtp_550: mailbox unavailable"))
            #expect(ids.allSatisfy { id in all.output.split(separator: "\n").contains { $0.hasPrefix(String(id)) || $0.contains(" \(id)  ") } })
            let salonB = try decode([DeadJob].self, try ctl(db, ["--json", "dead", "list", "--business", Self.salonB.uuidString]).output)
            #expect(salonB.map(\.id) == [ids[2]])
            #expect(try decode([DeadJob].self, try ctl(db, ["--json", "dead", "list", "--limit", "2"]).output).count == 2)
            #expect(try ctl(db, ["dead", "list", "--kind", "other"]).output.contains("no dead jobs"))
            #expect(try ctl(db, ["dead", "list", "--since", "2999-01-01T00:00:00Z"]).output.contains("no dead jobs"))

            let shown = try ctl(db, ["dead", "show", String(ids[0])])
            #expect(shown.code == 0)
            #expect(shown.output.contains(#"ann@example.com"#) && shown.output.contains("provider reply: 550 5.1.1 no such user"))
            #expect(shown.output.contains("#1  dead") && shown.output.contains("error:          smtp_550: mailbox unavailable"))
            let json = try decode(Shown.self, try ctl(db, ["--json", "dead", "show", String(ids[0])]).output)
            #expect(json.job.id == ids[0] && json.attempts.map(\.outcome) == ["dead"] && json.attempts[0].errorCode == "smtp_550")
            let missing = try ctl(db, ["dead", "show", "999999"])
            #expect(missing.code == 65, "\(missing.output)")
        }
    }

    /// `dead show --json`'s shape.
    struct Shown: Decodable {
        var job: DeadJob
        var attempts: [JobAttempt]
    }

    @Test func replayDryRunChangesNothingAndReplayRecordsWhoAsked() throws {
        try withDeadJobs { db, ids in
            let dry = try ctl(db, ["--json", "dead", "replay", "--all", "--business", Self.salonA.uuidString, "--dry-run"])
            let report = try decode(ReplayReport.self, dry.output)
            #expect(dry.code == 0 && report.dryRun && Set(report.replayed) == [ids[0], ids[1]] && report.refused.isEmpty)
            #expect(try ids.allSatisfy { try state(db, $0) == "dead" })
            #expect(try ctl(db, ["dead", "replay", "--all", "--dry-run"]).output.contains("would replay 3 job(s)"))

            let replayed = try ctl(db, ["dead", "replay", String(ids[0])], user: "bob")
            #expect(replayed.code == 0 && replayed.output.contains("replayed 1 job(s): \(ids[0])"), "\(replayed.output)")
            #expect(try state(db, ids[0]) == "scheduled" && state(db, ids[1]) == "dead")
            let history = try db.connect().query("SELECT worker FROM job_attempts WHERE job_id = $1 AND outcome = 'replayed'", [ids[0]])
            #expect(try history.map { try $0.decode(String.self, "worker") } == ["bob"])

            let again = try ctl(db, ["dead", "replay", String(ids[0]), String(ids[1])])
            #expect(again.code == 65 && again.output.contains("not dead jobs: \(ids[0])"), "\(again.output)")
            #expect(try state(db, ids[1]) == "scheduled")
        }
    }

    @Test func discardDeletesDeadJobsAndReportsUnknownIdsWith65() throws {
        try withDeadJobs { db, ids in
            let result = try ctl(db, ["--json", "dead", "discard", String(ids[2]), "424242"])
            #expect(result.code == 65, "\(result.output)")
            #expect(result.output.contains("\"discarded\" : [\n    \(ids[2])") && result.output.contains("not dead jobs: 424242"))
            #expect(try state(db, ids[2]) == nil)
            #expect(try ctl(db, ["dead", "discard", String(ids[1])]).output.contains("discarded 1 job(s): \(ids[1])"))
        }
    }

    @Test func pausingAnUnknownQueueIsRefusedAndLeavesNoRow() throws {
        try withDeadJobs { db, _ in
            let refused = try ctl(db, ["queues", "pause", "nosuchqueue"])
            #expect(refused.code == 65 && refused.output.contains("no queue named 'nosuchqueue'"), "\(refused.output)")
            #expect(refused.output.contains("nothing was paused") && refused.output.contains("email"))
            #expect(try db.connect().query("SELECT name FROM queues WHERE name = 'nosuchqueue'").isEmpty)
            // A queue the daemons run is known even before it has a job or a settings row.
            #expect(try ctl(db, ["queues", "pause", "default"]).code == 0)
        }
    }

    @Test func jobsShowShowsAJobInAnyStateWithItsAttempts() throws {
        try withDeadJobs { db, ids in
            let waiting = try db.connect().query("SELECT id FROM jobs WHERE queue = 'sms'")[0].decode(Int64.self, "id")
            let shown = try ctl(db, ["jobs", "show", String(waiting)])
            #expect(shown.code == 0 && shown.output.contains("reminder  queue sms  scheduled"), "\(shown.output)")
            #expect(shown.output.contains("(none recorded)"))
            let dead = try ctl(db, ["--json", "jobs", "show", String(ids[0])])
            let json = try #require(try JSONSerialization.jsonObject(with: Data(dead.output.utf8)) as? [String: Any])
            #expect((json["job"] as? [String: Any])?["state"] as? String == "dead")
            #expect(((json["attempts"] as? [[String: Any]])?.first?["provider_reply"] as? String) == "550 5.1.1 no such user")
            // Discarded: the history alone.
            #expect(try ctl(db, ["dead", "discard", String(ids[1])]).code == 0)
            let gone = try ctl(db, ["jobs", "show", String(ids[1])])
            #expect(gone.code == 0 && gone.output.contains("no longer in the jobs table") && gone.output.contains("discarded"), "\(gone.output)")
            #expect(try ctl(db, ["jobs", "show", "987654"]).code == 65)
        }
    }

    @Test func statsShowsWhyJobsWereCancelled() throws {
        try TestDatabase.with { db in
            let connection = try db.connect()
            _ = try Jobs.enqueue([
                NewJob(kind: "notify", queue: "email", dedupeKey: "a"), NewJob(kind: "notify", queue: "email", dedupeKey: "b"),
                NewJob(kind: "notify", queue: "email", dedupeKey: "c"),
            ], on: connection)
            _ = try Jobs.cancel(dedupeKeys: ["a"], reason: "the booking changed (version 2, message was for version 1)", on: connection)
            _ = try Jobs.cancel(dedupeKeys: ["b"], reason: "the booking changed (version 3, message was for version 2)", on: connection)
            _ = try Jobs.cancel(dedupeKeys: ["c"], reason: "the booking is cancelled", on: connection)
            let text = try ctl(db, ["jobs", "stats"])
            #expect(text.code == 0 && text.output.contains("why jobs were cancelled"), "\(text.output)")
            let rows = text.output.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            #expect(rows.contains("2  the booking changed (version N, message was for version N)"), "\(text.output)")
            #expect(rows.contains("1  the booking is cancelled"))
            let json = try decode(QueueStatistics.self, try ctl(db, ["--json", "jobs", "stats"]).output)
            #expect(json.cancelReasons?.map(\.count) == [2, 1])
        }
    }

    @Test(arguments: [["jobs", "stats", "extra"], ["queues", "pause"], ["queues", "resume"], ["dead", "show"], ["dead", "show", "abc"],
                      ["dead", "show", "1", "2"], ["dead", "replay"], ["dead", "replay", "1", "--kind", "notify"],
                      ["dead", "replay", "--all", "--limit", "0"], ["dead", "list", "--since", "yesterday"], ["dead", "list", "--since", "2026-02-30"],
                      ["dead", "list", "--business", "nope"], ["dead", "discard"], ["dead", "discard", "-3"], ["dead", "replay", "--all", "5"],
                      ["jobs", "show"], ["jobs", "show", "x"], ["suppressions", "show"], ["suppressions", "remove", "-1"],
                      ["suppressions", "list", "--channel", "fax"]])
    func usageErrorsExit64(arguments: [String]) throws {
        #expect(try booknowctl(arguments).code == 64)
    }

    @Test(arguments: ["jobs stats", "jobs show", "queues list", "queues pause", "queues resume", "dead list", "dead show", "dead replay",
                      "dead discard", "suppressions list", "suppressions show", "suppressions remove"])
    func everyQueueCommandHasHelp(command: String) throws {
        let result = try booknowctl(command.split(separator: " ").map(String.init) + ["--help"])
        #expect(result.code == 0 && result.output.contains("usage: booknowctl \(command)"))
    }
}
