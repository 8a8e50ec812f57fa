/// What an operator may do in the console: a `viewer` sees everything and acts
/// on nothing; an `operator` may also replay, discard, pause and resume.
/// Raw values are the strings the `operators.role` CHECK allows.
public enum OperatorRole: String, Sendable, CaseIterable, Codable {
    case viewer
    case `operator`

    public var canAct: Bool { self == .operator }
}
