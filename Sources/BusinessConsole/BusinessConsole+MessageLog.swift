import Accounts
import Booking
import Foundation
import HTTPServer
import Notifications
import Postgres
import Templates
import Vocabulary
import Web

/// A booking's message log on its page: every message of the booking (kind,
/// channel, who it is for, when it was queued and due, when it ended, its
/// state and attempts) and the delivery receipts providers sent back, read
/// through `MessageLog.read`. No body, address or provider reply is shown.
extension BusinessConsole {
    /// How many of a booking's message jobs the page lists; a booking has a handful.
    static let messageLogLimit = 100

    /// The page's `log…` values for `booking` of `business`, times in `calendar`'s zone.
    func messageLog(business: UUID, booking: UUID, _ calendar: Calendar, _ request: Request) throws -> [String: MustacheValue] {
        let log = try pool.withConnection { try MessageLog.read(business: business, booking: booking, limit: Self.messageLogLimit, on: $0) }
        let rows: [MustacheValue] = log.messages.map { message in
            var kind = text("log_kind_\(message.kind.rawValue)", request, ["lead": .string(Self.lead(message.offsetSeconds ?? 0))])
            if message.audience == .staff { kind = text("log_provider_copy", request, ["kind": .string(kind)]) }
            var row: [String: MustacheValue] = [
                "kind": .string(kind), "channel": .string(text("log_channel_\(message.channel.rawValue)", request)),
                "state": .string(text("log_state_\(message.state.rawValue)", request)), "state_name": .string(message.state.rawValue),
                "due": .string(Self.moment(message.dueAt, calendar)), "attempts": .string(String(message.attempts))]
            row["queued"] = message.queuedAt.map { .string(Self.moment($0, calendar)) } ?? .null
            row["finished"] = message.finishedAt.map { .string(Self.moment($0, calendar)) } ?? .null
            row["reason"] = message.reason.map { .string($0) } ?? .null
            row["receipts"] = .list(message.receipts.map { receipt in
                var values: [String: MustacheValue] = ["status": .string(text("receipt_\(receipt.status)", request)),
                                                       "status_name": .string(receipt.status)]
                values["at"] = receipt.receivedAt.map { .string(Self.moment($0, calendar)) } ?? .null
                values["code"] = receipt.errorCode.map { .string($0) } ?? .null
                return .dictionary(MustacheObject(values))
            })
            return .dictionary(MustacheObject(row))
        }
        return ["log": .list(rows), "has_log": .bool(!rows.isEmpty), "log_more": .bool(log.more),
                "log_limit": .string(String(Self.messageLogLimit))]
    }

    /// A reminder's lead time: `24 h`, `90 min`, `2 d` (the same in English and Spanish).
    static func lead(_ seconds: Int) -> String {
        let minutes = seconds / 60
        if minutes >= 2880, minutes % 1440 == 0 { return "\(minutes / 1440) d" }
        if minutes >= 60, minutes % 60 == 0 { return "\(minutes / 60) h" }
        return "\(minutes) min"
    }
}
