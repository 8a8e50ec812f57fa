import Accounts
import Foundation
import HTTPServer
import Postgres
import Notifications
import Queue
import Runtime
import Templates
import Web

/// The overview: per queue what waits, runs and died, how late the oldest due
/// job is, pauses and the circuit breaker; the last hour's throughput and
/// reminders on time. `/ops/overview/live` is the same figures without the
/// layout, which the page's script fetches every 5 s while the tab is visible.
extension OpsConsole {
    func overview(_ request: Request, _ session: Sessions.Session) throws -> Response {
        page("overview", request, session, title: "overview_title", try overviewContext(request))
    }

    func overviewFragment(_ request: Request, _ session: Sessions.Session) throws -> Response {
        let html = templates.renderFragment("_overview", language: language(request), context: try overviewContext(request))
        return PageResponse.html(html, private: true)
    }

    /// The overview from the shared counts and last-hour figures, pauses read now:
    /// what the overview and the queues page show.
    func sharedOverview(on connection: Connection) throws
        -> (QueueOverview, SharedFigures<HourFigures>.Reading, SharedFigures<[QueueOverview.Queue]>.Reading) {
        let counts = try queueCounts.current { try QueueOverview.counts(on: connection) }
        let hour = try hourFigures.current {
            HourFigures(minutes: try QueueOverview.lastHour(on: connection), reminders: try ReminderTimeliness.lastHour(on: connection))
        }
        return (try QueueOverview.fetch(known: knownQueues, counts: counts.value, minutes: hour.value.minutes, on: connection), hour, counts)
    }

    func overviewContext(_ request: Request) throws -> [String: MustacheValue] {
        let (overview, lastHour, counts) = try pool.withConnection { try sharedOverview(on: $0) }
        let reminders = lastHour.value.reminders
        let language = self.language(request)
        let queues: [MustacheValue] = overview.queues.map { queue in
            .dictionary([
                "name": .string(queue.name), "available": .number(Double(queue.available)), "scheduled": .number(Double(queue.scheduled)),
                "running": .number(Double(queue.running)), "retryable": .number(Double(queue.retryable)), "dead": .number(Double(queue.dead)),
                "lateness": .string(ConsoleText.duration(seconds: queue.oldestDueLatenessSeconds)),
                "paused": .bool(queue.paused), "paused_by": .optional(queue.pausedBy), "paused_reason": .optional(queue.pausedReason),
                "paused_at": .optional(queue.pausedAt.map(ConsoleText.time)),
                "breaker_open": .bool(queue.paused && queue.pausedBy == QueueChannelControl.actor),
            ])
        }
        let five = overview.totals(lastMinutes: 5), hour = overview.totals(lastMinutes: 60)
        let minutes: [MustacheValue] = overview.minutes.reversed().filter { $0.succeeded + $0.failed > 0 }.map {
            .dictionary(["ago": .number(Double($0.minutesAgo)), "succeeded": .number(Double($0.succeeded)), "failed": .number(Double($0.failed))])
        }
        return [
            "queues": .list(queues), "hour_read_at": .string(ConsoleText.time(lastHour.readAt)),
            "counts_read_at": .string(ConsoleText.time(counts.readAt)),
            "succeeded_5": .number(Double(five.succeeded)), "failed_5": .number(Double(five.failed)),
            "succeeded_60": .number(Double(hour.succeeded)), "failed_60": .number(Double(hour.failed)),
            "chart": .string(ThroughputChart(minutes: overview.minutes).svg(title: templates.text("chart_title", language: language))),
            "minutes": .list(minutes), "has_minutes": .bool(!minutes.isEmpty),
            "reminders_on_time": .number(Double(reminders.onTime)), "reminders_total": .number(Double(reminders.total)),
            "reminders_percent": .string(reminders.total == 0 ? "–" : String(Int((reminders.ratio * 100).rounded())) + " %"),
        ]
    }
}

/// The overview's last-hour aggregates.
struct HourFigures: Sendable {
    var minutes: [QueueOverview.Minute]
    var reminders: ReminderTimeliness
}
