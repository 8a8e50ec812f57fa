import Templates
import Testing

/// The mustache/spec v1.4 suites: core plus the optional inheritance and
/// dynamic-names modules (lambdas are out of scope: admins do not run code).
@Suite struct MustacheSpecTests {
    @Test func allNonLambdaSpecCasesAreLoaded() {
        // 136 core + 27 inheritance + 21 dynamic names.
        #expect(MustacheSpecCase.all.count == 184)
    }

    @Test(arguments: MustacheSpecCase.all)
    func rendersLikeTheSpec(_ spec: MustacheSpecCase) throws {
        let template = try MustacheTemplate(spec.template)
        var partials: [String: MustacheTemplate] = [:]
        for (name, source) in spec.partials {
            partials[name] = try MustacheTemplate(source)
        }
        let output = try template.render(spec.data, partials: partials)
        #expect(output == spec.expected, "\(spec.file): \(spec.name)")
    }
}
