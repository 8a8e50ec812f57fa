@testable import Templates
import Testing

@Suite struct MustacheEngineTests {
    @Test(arguments: [
        ("Hello {{name", 1, 7, "unclosed tag"),
        ("line one\n  {{#items}}\n{{.}}", 2, 3, "never closed"),
        ("{{#a}}\n{{/b}}", 2, 1, "closes nothing"),
        ("x\n\ty {{=<% =}}", 2, 4, "set-delimiter"),
        ("{{}}", 1, 1, "empty tag name"),
        ("Hi {{first name}}", 1, 4, "whitespace"),
        ("{{! a comment\nover lines }}\nthen {{{name}}", 3, 6, "unclosed tag"),
    ] as [(String, Int, Int, String)])
    func syntaxErrorsCarryLineAndColumn(source: String, line: Int, column: Int, message: String) {
        #expect {
            _ = try MustacheTemplate(source)
        } throws: { error in
            guard let error = error as? TemplateError else { return false }
            return error.code == .syntax && error.line == line && error.column == column && error.message.contains(message)
        }
    }

    @Test func columnsCountCharactersNotBytes() throws {
        #expect {
            _ = try MustacheTemplate("¿Sí? {{name")
        } throws: { ($0 as? TemplateError)?.column == 6 }
    }

    @Test func recursivePartialsStopAtTheDepthBound() throws {
        let loop = try MustacheTemplate("x{{>loop}}")
        #expect {
            _ = try loop.render([:], partials: ["loop": loop], options: RenderOptions(maxPartialDepth: 10))
        } throws: { ($0 as? TemplateError)?.code == .partialDepth }
    }

    /// Regression: 2,000 nested sections in an admin's override overflowed a
    /// server thread's stack; nesting is bounded at parse time now.
    @Test func sectionNestingIsBounded() throws {
        let nested = { (levels: Int) in String(repeating: "{{#a}}", count: levels) + "x" + String(repeating: "{{/a}}", count: levels) }
        #expect(try MustacheTemplate(nested(MustacheParser.maxNesting)).render(["a": true]) == "x")
        #expect {
            _ = try MustacheTemplate(nested(100_000))
        } throws: { ($0 as? TemplateError)?.code == .syntax }
        #expect(throws: TemplateError.self) { try MustacheTemplate("{{<a}}" + nested(MustacheParser.maxNesting) + "{{/a}}") }
    }

    @Test func outputSizeIsBounded() throws {
        let template = try MustacheTemplate("{{#items}}{{text}}{{/items}}")
        let items = MustacheValue.list(Array(repeating: ["text": .string(String(repeating: "x", count: 100))], count: 100))
        #expect {
            _ = try template.render(["items": items], options: RenderOptions(maxOutputBytes: 5_000))
        } throws: { ($0 as? TemplateError)?.code == .outputTooLarge }
        #expect(try template.render(["items": items]).count == 10_000)
    }

    @Test func htmlEscapingCoversQuotesAndApostrophes() throws {
        let template = try MustacheTemplate("<a href='{{url}}' title=\"{{title}}\">{{{raw}}}</a>")
        let context: MustacheValue = ["url": "x' onclick='y", "title": "\"<&>\"", "raw": "<b>"]
        #expect(try template.render(context) == "<a href='x&#39; onclick=&#39;y' title=\"&quot;&lt;&amp;&gt;&quot;\"><b></a>")
        #expect(try template.render(context, options: RenderOptions(escaping: .none)) == "<a href='x' onclick='y' title=\"\"<&>\"\"><b></a>")
    }

    @Test func templatesSeeOnlyTheirContext() throws {
        // No environment, no files: names that would mean something elsewhere render as nothing.
        let template = try MustacheTemplate("[{{HOME}}{{PATH}}{{>/etc/passwd}}{{>*file}}]")
        #expect(try template.render(["file": "/etc/hostname"]) == "[]")
    }

    @Test func numbersPrintWithoutTrailingZeros() throws {
        let template = try MustacheTemplate("{{a}} {{b}} {{c}}")
        #expect(try template.render(["a": 1440, "b": 1.5, "c": true]) == "1440 1.5 true")
    }

    @Test func includedPartialNamesListLiteralPartialsAndParents() throws {
        let template = try MustacheTemplate("{{>a}}{{#s}}{{<b}}{{$x}}{{>c}}{{/x}}{{/b}}{{/s}}{{>*dynamic}}")
        #expect(template.includedPartialNames == ["a", "b", "c"])
    }
}
