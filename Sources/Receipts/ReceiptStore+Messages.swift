public import Postgres

/// The receipts of several messages at once, for the business console's
/// message log (one booking's handful of sent messages).
extension ReceiptStore {
    /// message_receipts_message_idx (provider_message_id, provider): one index
    /// range per id. The detail column stays unread: providers put the
    /// recipient's address or number there, and the console shows the status only.
    static let selectForMessages = """
        SELECT provider, provider_message_id, channel, status, error_code, received_at
        FROM message_receipts WHERE provider_message_id = ANY($1::text[]) ORDER BY received_at, id
        """

    /// Every receipt of the messages the provider named `messageIDs`, oldest
    /// first, without their detail.
    public static func receipts(messageIDs: [String], on connection: Connection) throws -> [MessageReceipt] {
        guard !messageIDs.isEmpty else { return [] }
        return try connection.query(selectForMessages, [messageIDs]).map { try receipt($0, detail: [:]) }
    }
}
