import Booking
import Foundation
import Scheduling
import Vocabulary

/// One field of an admin resource: its name in the API, the column it
/// fills, how it is checked and converted, and what happens when it is left
/// out or null.
///
/// Values become what `jsonb_populate_record` reads for the column: minutes
/// become `"N minutes"` intervals, times `HH:MM`, dates `YYYY-MM-DD`.
struct AdminField: Sendable {
    enum Kind: Sendable {
        case text(maxLength: Int)
        case zone
        case email
        case phone
        case id
        case bool
        /// Whole minutes, at least `minimum`, at most a year.
        case minutes(minimum: Int)
        /// A list of at most `maxCount` positive whole minutes.
        case minutesList(maxCount: Int)
        /// Local `HH:MM`, 00:00 to 24:00.
        case time
        /// `YYYY-MM-DD`.
        case date
        /// ISO 8601 weekday, Monday 1 … Sunday 7.
        case weekday
        case weekdays
        case choice([String])
        /// An RFC 3339 instant with a zone.
        case instant
        /// Plain text with line breaks (a service's description): `ServiceDescription`'s rule.
        case paragraphs
        /// `{"amount_minor": whole minor units, "currency": ISO 4217 code}`, read as a `Price`.
        case price
    }

    let name: String
    let column: String
    let kind: Kind
    /// Left out of a create: an error when true, else `fallback`.
    var required = false
    /// The column value a create uses when the field is left out.
    var fallback: (any Sendable)? = nil
    /// May be null (clears the column).
    var nullable = false
    /// Settable on create only (a rule's provider, a time off's owner).
    var createOnly = false

    static let maxMinutes = 366 * 24 * 60

    /// The column value for `raw`, or the message saying what is wrong.
    func convert(_ raw: Any) -> Result<any Sendable, Failure> {
        switch kind {
        case .text(let maxLength): text(raw, maxLength: maxLength, format: nil)
        case .email: text(raw, maxLength: 254, format: .email).map { ($0 as? String)?.lowercased() ?? $0 }
        case .phone: text(raw, maxLength: 16, format: .phone)
        case .zone:
            text(raw, maxLength: 64, format: nil).flatMap { value in
                TimeZoneNames.isKnown(value as? String ?? "") ? .success(value)
                    : .failure(Failure(InputFormat.timeZoneMessage, rule: InputFormat.unknownTimeZone))
            }
        case .id:
            (raw as? String).flatMap(UUID.init(uuidString:)).map { .success($0.uuidString.lowercased()) } ?? .failure(Failure("must be an id (a UUID)"))
        case .bool:
            Self.isBool(raw) ? .success(raw as? Bool ?? false) : .failure(Failure("must be true or false"))
        case .minutes(let minimum):
            Self.integer(raw, minimum...Self.maxMinutes).map { .success("\($0) minutes") }
                ?? .failure(Failure("must be a whole number of minutes from \(minimum) to \(Self.maxMinutes)"))
        case .minutesList(let maxCount):
            (raw as? [Any]).flatMap { list -> [String]? in
                guard list.count <= maxCount else { return nil }
                let minutes = list.compactMap { Self.integer($0, 1...Self.maxMinutes) }
                return minutes.count == list.count ? minutes.map { "\($0) minutes" } : nil
            }.map { .success($0) } ?? .failure(Failure("must be a list of at most \(maxCount) whole numbers of minutes, each at least 1"))
        case .time:
            (raw as? String).flatMap(Self.localTime).map { .success($0) } ?? .failure(Failure("must be a local time HH:MM from 00:00 to 24:00"))
        case .date:
            (raw as? String).flatMap(Self.localDate).map { .success($0) }
                ?? .failure(Failure("must be a date YYYY-MM-DD in the years 1900 to 9999",
                                    rule: (raw as? String).map(Self.isDateOutOfRange) == true ? InputFormat.dateOutOfRange : nil))
        case .weekday:
            Self.integer(raw, 1...7).map { .success($0) } ?? .failure(Failure("must be a weekday from 1 (Monday) to 7 (Sunday)"))
        case .weekdays:
            (raw as? [Any]).flatMap { list -> [Int]? in
                let days = list.compactMap { Self.integer($0, 1...7) }
                return !list.isEmpty && days.count == list.count && Set(days).count == days.count ? days : nil
            }.map { .success($0) } ?? .failure(Failure("must be a non-empty list of distinct weekdays from 1 (Monday) to 7 (Sunday)"))
        case .choice(let values):
            (raw as? String).flatMap { values.contains($0) ? $0 : nil }.map { .success($0) }
                ?? .failure(Failure("must be one of \(values.joined(separator: ", "))"))
        case .instant:
            switch (raw as? String).map({ $0.count <= 40 ? InputFormat.instantReading($0) : .malformed }) ?? .malformed {
            case .instant(let date): .success(date)
            case .outOfRange: .failure(Failure(InputFormat.instantMessage, rule: InputFormat.dateOutOfRange))
            case .malformed: .failure(Failure(InputFormat.instantMessage))
            }
        case .paragraphs:
            Self.paragraphs(raw)
        case .price:
            Self.price(raw)
        }
    }

    /// Plain text with line breaks, by `ServiceDescription`'s rule: too long
    /// or empty is the schema's refusal, blank or a control character a rule's.
    static func paragraphs(_ raw: Any) -> Result<any Sendable, Failure> {
        guard let text = raw as? String, (1...ServiceDescription.maxLength).contains(text.unicodeScalars.count) else {
            return .failure(Failure("must be a string of 1 to \(ServiceDescription.maxLength) characters"))
        }
        guard let normalized = ServiceDescription.normalized(text) else {
            return .failure(Failure("must not be blank, and must hold no control character but line breaks", rule: InputReader.invalidText))
        }
        return .success(normalized)
    }

    /// The rule code of a well-formed currency code that ISO 4217 does not list.
    static let unknownCurrency = "unknown_currency"

    /// A price object: exactly `amount_minor` (0 to `Price.maxAmountMinor`)
    /// and `currency` (three capital letters, then a current ISO 4217 code).
    static func price(_ raw: Any) -> Result<any Sendable, Failure> {
        let shape = Failure("must be an object {\"amount_minor\": a whole number from 0 to \(Price.maxAmountMinor) in the currency's minor unit, "
                            + "\"currency\": an ISO 4217 code such as USD}")
        guard let object = raw as? [String: Any], Set(object.keys) == ["amount_minor", "currency"],
              let amount = object["amount_minor"].flatMap({ integer($0, 0...Price.maxAmountMinor) }),
              let code = object["currency"] as? String, code.count == 3, code.allSatisfy({ $0.isASCII && $0.isUppercase }) else {
            return .failure(shape)
        }
        guard let price = Price(amountMinor: amount, currency: code) else {
            return .failure(Failure("must be a current ISO 4217 currency code, such as USD or EUR", rule: unknownCurrency))
        }
        return .success(price)
    }

    /// What is wrong with a value: the schema refuses it (`rule` nil, 400) or
    /// a rule does (422 with the rule's code).
    struct Failure: Error {
        let message: String
        var rule: String? = nil
        init(_ message: String, rule: String? = nil) {
            self.message = message
            self.rule = rule
        }
    }

    private func text(_ raw: Any, maxLength: Int, format: InputFormat?) -> Result<any Sendable, Failure> {
        var reader = InputReader(lookup: { _ in raw }, prefix: "")
        let value = format.map { reader.string(name, required: true, format: $0) } ?? reader.string(name, required: true, maxLength: maxLength)
        if let problem = reader.problems.first { return .failure(Failure(problem.error.message, rule: problem.rule)) }
        guard let value else { return .failure(Failure("is not valid")) }
        return .success(value)
    }

    /// A JSON number that is a whole number in `range` (not a boolean).
    static func integer(_ raw: Any, _ range: ClosedRange<Int>) -> Int? {
        guard !isBool(raw), let number = raw as? NSNumber, number.doubleValue == number.doubleValue.rounded(),
              abs(number.doubleValue) < 1e12, range.contains(number.intValue) else { return nil }
        return number.intValue
    }

    /// JSONSerialization gives JSON booleans their own NSNumber subclass.
    static func isBool(_ raw: Any) -> Bool {
        raw is Bool && String(describing: type(of: raw)).contains("Boolean")
    }

    static func localTime(_ text: String) -> String? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isASCII) }),
              let hour = Int(parts[0]), let minute = Int(parts[1]), (0...24).contains(hour), (0...59).contains(minute),
              hour < 24 || minute == 0 else { return nil }
        return text
    }

    /// `YYYY-MM-DD` that is a real date, but outside the years `localDate` takes.
    static func isDateOutOfRange(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard text.count == 10, parts.count == 3, let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]) else { return false }
        return !(1900...9999).contains(year) && (1...12).contains(month) && (1...31).contains(day)
    }

    static func localDate(_ text: String) -> String? {
        guard let date = LocalDate(iso: text), (1900...9999).contains(date.year) else { return nil }
        return text
    }
}
