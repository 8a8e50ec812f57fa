import Foundation
import Glibc
@testable import Runtime
import Testing

@Suite struct LoggerTests {
    @Test func aLineIsLevelMessageThenFields() {
        let sink = RecordingLogSink()
        let logger = Logger(level: .debug, sink: sink).with(["worker": "w1"])
        logger.info("claimed batch", ["count": 3, "queue": "email", "paused": false])
        #expect(sink.lines == [#"level=info msg="claimed batch" worker=w1 count=3 queue=email paused=false"#])
    }

    @Test func valuesWithBlanksQuotesOrNewlinesAreQuotedAndEscaped() {
        let sink = RecordingLogSink()
        let logger = Logger(sink: sink)
        logger.error("line one\nline \"two\"", [
            "reason": "connection refused by peer", "reply": "550 \"no\"\r\n", "path": #"C:\x"#, "empty": "",
            "eq": "a=b", "tab": "a\tb", "bell": "\u{7}", "bad key!": "x",
        ])
        let expected = #"level=error msg="line one\nline \"two\"" reason="connection refused by peer" reply="550 \"no\"\r\n" "#
            + #"path="C:\\x" empty="" eq="a=b" tab="a\tb" bell="\u{7}" bad_key_=x"#
        #expect(sink.lines == [expected])
    }

    @Test(arguments: [
        (LogLevel.error, "<3>"), (.warning, "<4>"), (.notice, "<5>"), (.info, "<6>"), (.debug, "<7>"),
    ])
    func journaldPrefixesFollowTheLevel(level: LogLevel, prefix: String) {
        let sink = RecordingLogSink()
        Logger(level: .debug, environment: ["JOURNAL_STREAM": "8:12345"], sink: sink).log(level, "event")
        #expect(sink.lines == ["\(prefix)level=\(level.rawValue) msg=\"event\""])
    }

    @Test func withoutJournalStreamThereIsNoPrefix() {
        let sink = RecordingLogSink()
        Logger(environment: [:], sink: sink).warning("event")
        #expect(sink.lines == [#"level=warning msg="event""#])
    }

    @Test func eventsBelowTheLevelAreDroppedWithoutFormatting() {
        let sink = RecordingLogSink()
        let logger = Logger(level: .notice, sink: sink)
        logger.debug({ () -> String in Issue.record("debug message was formatted"); return "x" }())
        logger.info("dropped")
        logger.notice("kept")
        #expect(sink.lines == [#"level=notice msg="kept""#])
    }

    @Test func secretsAreRedactedInFieldsAndInterpolations() {
        let sink = RecordingLogSink()
        let password = Secret("hunter2")
        Logger(sink: sink).info("connecting with \(password)", ["password": .secret(password), "token": .redacted,
                                                                 "missing": .secret(nil), "described": .describing(password)])
        #expect(sink.lines == [#"level=info msg="connecting with <redacted>" password=<redacted> token=<redacted> missing=<unset> described=<redacted>"#])
    }

    @Test func standardErrorSinkWritesWholeLinesFromManyThreads() async throws {
        var descriptors: [Int32] = [0, 0]
        #expect(pipe(&descriptors) == 0)
        defer { close(descriptors[0]) }
        let sink = StandardErrorSink(descriptor: descriptors[1])
        let logger = Logger(sink: sink)
        let payload = String(repeating: "x", count: 10_000)
        let readEnd = descriptors[0]
        let reader = Task.detached { () -> Data in
            let handle = FileHandle(fileDescriptor: readEnd, closeOnDealloc: false)
            return handle.readDataToEndOfFile()
        }
        await withTaskGroup(of: Void.self) { group in
            for thread in 0..<8 {
                group.addTask {
                    for event in 0..<20 { logger.info("event", ["thread": "\(thread)", "n": "\(event)", "payload": "\(payload)"]) }
                }
            }
        }
        close(descriptors[1])
        let lines = String(decoding: await reader.value, as: UTF8.self).split(separator: "\n")
        #expect(lines.count == 160)
        #expect(lines.allSatisfy { $0.hasPrefix("level=info msg=\"event\" thread=") && $0.hasSuffix(payload) })
    }
}
