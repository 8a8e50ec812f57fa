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
        let locale = form["locale"].flatMap { languages.contains($0) ? $0 : nil } ?? language
        let (details, problems) = CustomerDetails.typed(name: form["name"] ?? "", email: form["email"] ?? "", phone: form["phone"] ?? "",
                                                        locale: locale, consentEmail: form["consent_email"] != nil,
                                                        consentSMS: form["consent_sms"] != nil)
        let errors: [MustacheValue] = problems.map { problem in
            .dictionary(["field": .string("field-\(problem.field.rawValue)"),
                         "message": .string(texts.text("error_\(problem.code)", language: language))])
        }
        return (details, errors)
    }
}
