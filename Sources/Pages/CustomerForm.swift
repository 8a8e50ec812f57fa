import Foundation
import Booking
import HTTPServer
import Templates
import Web

/// The customer's details from a page form: a name, an email address or a
/// phone number (or both), consent per channel (separate boxes, unticked
/// unless ticked), and a language. Errors name the field's id, for the
/// error summary's links.
enum CustomerForm {
    static func read(_ form: FormBody, languages: [String], language: String,
                     texts: PageTemplates) -> (CustomerDetails?, [MustacheValue]) {
        var errors: [MustacheValue] = []
        func fail(_ field: String, _ key: String) {
            errors.append(.dictionary(["field": .string("field-\(field)"), "message": .string(texts.text(key, language: language))]))
        }
        let name = (form["name"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let email = (form["email"] ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        let phone = (form["phone"] ?? "").filter { !$0.isWhitespace && $0 != "-" && $0 != "(" && $0 != ")" }
        if name.isEmpty { fail("name", "error_name_missing") } else if name.count > 200 { fail("name", "error_name_long") }
        if !email.isEmpty && !ContactFormat.isEmail(email) { fail("email", "error_email") }
        if !phone.isEmpty && !ContactFormat.isPhone(phone) { fail("phone", "error_phone") }
        if email.isEmpty && phone.isEmpty { fail("email", "error_contact_missing") }
        let locale = form["locale"].flatMap { languages.contains($0) ? $0 : nil } ?? language
        guard errors.isEmpty else { return (nil, errors) }
        return (CustomerDetails(name: name, email: email.isEmpty ? nil : email, phone: phone.isEmpty ? nil : phone, locale: locale,
                                consentEmail: form["consent_email"] != nil, consentSMS: form["consent_sms"] != nil), [])
    }
}
