/// The one error type of the Queue module.
///
/// `code` is stable and meant for programs (the CLI maps it to an exit code);
/// `description` is for people and never carries a payload, which may hold a
/// customer's address.
public struct QueueError: Error, CustomStringConvertible, Sendable {
    public enum Code: String, Sendable {
        /// No job with that id, or not in the state the operation needs.
        case notFound = "not_found"
        /// An argument the caller can fix (an empty queue name, a negative limit).
        case invalidArgument = "invalid_argument"
        /// The worker was asked to do something in the wrong lifecycle state.
        case lifecycle = "lifecycle"
    }

    public var code: Code
    public var message: String
    /// The job the error is about, when there is one.
    public var jobID: Int64?

    public init(_ code: Code, _ message: String, jobID: Int64? = nil) {
        self.code = code
        self.message = message
        self.jobID = jobID
    }

    public var description: String {
        var text = "\(code.rawValue): \(message)"
        if let jobID { text += " (job \(jobID))" }
        return text
    }
}
