import Delivery
import Runtime
import Vocabulary

/// The receipt counters, registered in the daemon's `MetricsRegistry`.
///
/// Label values come from closed sets (channel, `ReceiptStatus`,
/// `SuppressionReason`), never from provider input, so a hostile callback
/// cannot create unbounded series.
struct ReceiptMetrics: Sendable {
    let registry: MetricsRegistry

    init(_ registry: MetricsRegistry) { self.registry = registry }

    func receiptRecorded(channel: Channel, status: ReceiptStatus) {
        registry.counter("booknow_receipts_total", help: "Delivery receipts recorded, by channel and status.",
                         labels: ["channel": channel.rawValue, "status": status.rawValue]).increment()
    }

    func suppressionAdded(channel: Channel, reason: SuppressionReason) {
        registry.counter("booknow_suppressions_added_total", help: "Recipients added to the suppression list, by channel and reason.",
                         labels: ["channel": channel.rawValue, "reason": reason.rawValue]).increment()
    }
}
