import Foundation

/// Configuration of the `outbox` transport: the folder messages are written to.
public struct OutboxSettings: Sendable {
    public var directory: String

    public init(directory: String) { self.directory = directory }
}

/// The `outbox` transport (the default): every message becomes a file instead of leaving the host.
///
/// An email is written as its RFC 5322 `.eml` (exactly the bytes SMTP would
/// send), an SMS as a `.json`. Each file is written to a hidden temporary
/// name and renamed into place, so a reader never sees half a message; the
/// name derives from the message id, so a repeated job overwrites its own file.
public final class OutboxTransport: Transport {
    public let name = "outbox"
    private let directory: URL

    public init(settings: OutboxSettings) throws(DeliveryError) {
        directory = URL(fileURLWithPath: settings.directory, isDirectory: true)
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw DeliveryError(code: "delivery.outbox", message: "cannot create the outbox folder",
                                field: settings.directory)
        }
    }

    /// Writes the file on the caller's thread (a local write) and answers at once.
    public func send(_ message: OutgoingMessage, completion: @escaping @Sendable (DeliveryResult) -> Void) {
        completion(write(message))
    }

    private func write(_ message: OutgoingMessage) -> DeliveryResult {
        let file: String, bytes: [UInt8], id: String
        switch message {
        case .email(let email):
            id = email.messageID.description
            file = "email-" + Self.fileSafe(email.messageID.value) + ".eml"
            bytes = email.rendered()
        case .sms(let sms):
            id = "outbox-" + Self.fileSafe(sms.idempotencyKey)
            file = "sms-" + Self.fileSafe(sms.idempotencyKey) + ".json"
            bytes = sms.json + [UInt8(ascii: "\n")]
        }
        do {
            try write(bytes, to: file)
            return DeliveryResult(outcome: .delivered, replyText: "written to \(file)", messageID: id)
        } catch {
            // A full or read-only disk affects every message: let the breaker see a channel fault.
            return DeliveryResult(outcome: .channelFault, replyText: "outbox write failed: \(error.message)",
                                  messageID: id)
        }
    }

    public func shutdown() {}

    /// Writes to `.<name>.tmp` then renames over `name` (`rename(2)` is atomic within a folder).
    private func write(_ bytes: [UInt8], to name: String) throws(DeliveryError) {
        let temporary = directory.appendingPathComponent(".\(name).\(UUID().uuidString).tmp")
        let final = directory.appendingPathComponent(name)
        guard FileManager.default.createFile(atPath: temporary.path, contents: Data(bytes)) else {
            throw DeliveryError(code: "delivery.outbox", message: "cannot create a temporary file", field: name)
        }
        guard rename(temporary.path, final.path) == 0 else {
            try? FileManager.default.removeItem(at: temporary)
            throw DeliveryError(code: "delivery.outbox", message: "rename failed, errno \(errno)", field: name)
        }
    }

    /// Keeps letters, digits, `-`, `_` and `.`; anything else becomes `_`, so no id can leave the folder.
    static func fileSafe(_ text: String) -> String {
        String(text.unicodeScalars.map { scalar -> Character in
            scalar.isASCII && (EmailAddress.isAlphanumeric(UInt8(scalar.value)) || "-_.".unicodeScalars.contains(scalar))
                ? Character(scalar) : "_"
        }).replacingOccurrences(of: "..", with: "__")
    }
}
