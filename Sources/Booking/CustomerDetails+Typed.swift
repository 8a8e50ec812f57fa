import Foundation

extension CustomerDetails {
    /// Something wrong with contact details typed into a form.
    public struct Problem: Sendable, Hashable {
        public enum Field: String, Sendable { case name, email, phone }

        /// The field to fix (a missing contact points at the email field).
        public let field: Field
        /// `name_missing`, `name_long`, `email`, `phone` or `contact_missing`:
        /// stable, so each form keys its own words on it.
        public let code: String
    }

    /// Details typed into a form, checked by the rules every door follows (the
    /// API's, `ContactFormat`): a name of 1 to 200 characters, an email
    /// address or a phone number or both, each in its shape. The email is
    /// lower-cased; spaces, dashes and brackets people type in phone numbers
    /// are dropped. Empty fields are "not given".
    /// - Returns: the details, or nil and every problem found.
    public static func typed(name: String, email: String, phone: String, locale: String, consentEmail: Bool,
                             consentSMS: Bool) -> (details: CustomerDetails?, problems: [Problem]) {
        var problems: [Problem] = []
        let name = name.trimmingCharacters(in: .whitespacesAndNewlines)
        let email = email.trimmingCharacters(in: .whitespaces).lowercased()
        let phone = phone.filter { !$0.isWhitespace && $0 != "-" && $0 != "(" && $0 != ")" }
        if name.isEmpty { problems.append(Problem(field: .name, code: "name_missing")) }
        if name.count > 200 { problems.append(Problem(field: .name, code: "name_long")) }
        if !email.isEmpty && !ContactFormat.isEmail(email) { problems.append(Problem(field: .email, code: "email")) }
        if !phone.isEmpty && !ContactFormat.isPhone(phone) { problems.append(Problem(field: .phone, code: "phone")) }
        if email.isEmpty && phone.isEmpty { problems.append(Problem(field: .email, code: "contact_missing")) }
        guard problems.isEmpty else { return (nil, problems) }
        return (CustomerDetails(name: name, email: email.isEmpty ? nil : email, phone: phone.isEmpty ? nil : phone, locale: locale,
                                consentEmail: consentEmail, consentSMS: consentSMS), [])
    }
}
