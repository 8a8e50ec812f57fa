public enum Channel: String, Sendable, Hashable, CaseIterable { case email, sms }
