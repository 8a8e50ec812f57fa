import Templates

/// What is wrong with one field of a refused form, shown twice: in the
/// form's summary (a link to the field) and beside the field itself, which
/// names it with `aria-describedby` and is marked `aria-invalid`.
struct FieldError: Sendable, Equatable {
    /// The form's name for the field, as its template keys use it (`start`).
    let field: String
    /// The element's id (`r-start`); the message beside it is `<id>-error`.
    let id: String
    let message: String

    /// A refused form's context under `form` (`rule`): its summary as
    /// `<form>_errors` (each `id` and `message`) and `has_<form>_errors`, each
    /// field's message as `<form>_error_<field>`, and what was typed as
    /// `<form>_<field>`, so the form shows the person's values, not the stored ones.
    static func context(_ form: String, typed: [String: String], errors: [FieldError]) -> [String: MustacheValue] {
        var context: [String: MustacheValue] = [
            form + "_errors": .list(errors.map { .dictionary(MustacheObject(["id": .string($0.id), "message": .string($0.message)])) }),
            "has_\(form)_errors": .bool(!errors.isEmpty)]
        for (field, value) in typed { context["\(form)_\(field)"] = .string(value) }
        for error in errors where context["\(form)_error_\(error.field)"] == nil {
            context["\(form)_error_\(error.field)"] = .string(error.message)
        }
        return context
    }
}
