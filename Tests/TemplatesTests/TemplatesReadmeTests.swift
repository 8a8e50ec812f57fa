import Foundation
import Templates
import Testing

@Suite struct TemplatesReadmeTests {
    /// The README's variable section is generated from `TemplateVariables`;
    /// this fails when either changes without the other. To regenerate,
    /// paste `TemplateVariables.markdown` between the markers.
    @Test func readmeDocumentsExactlyTheCatalogue() throws {
        let readme = try String(contentsOf: ShippedTemplates.root.appendingPathComponent("README.md"), encoding: .utf8)
        let begin = try #require(readme.range(of: TemplateVariables.markdownBegin))
        let end = try #require(readme.range(of: TemplateVariables.markdownEnd))
        let section = String(readme[begin.lowerBound..<end.upperBound])
        #expect(section == TemplateVariables.markdown)
    }
}
