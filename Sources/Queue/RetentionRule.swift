/// A table outside the queue that the maintenance loop prunes by age
/// (delivery receipts, idempotency keys): the module that owns the table
/// writes the statement; the queue runs it in batches.
public struct RetentionRule: Sendable {
    /// Names the rule in `MaintenanceReport.pruned` and in logs.
    public var name: String
    /// Deletes at most `$2` rows older than `$1` seconds by `booknow_now()`,
    /// through an index, and returns the number deleted (its command tag).
    public var deleteSQL: String
    public var retention: Duration

    public init(name: String, deleteSQL: String, retention: Duration) {
        precondition(retention > .zero, "a retention must be positive")
        self.name = name
        self.deleteSQL = deleteSQL
        self.retention = retention
    }
}
