import Foundation
import Templates
import Testing

@Suite("A templates folder is complete only with every required default part and the partials they include")
struct TemplateFolderCheckTests {
    /// A fresh folder holding `files` (relative paths) copied from the shipped templates.
    static func folder(with files: [String]) throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("template-check-\(UUID().uuidString)")
        for file in files {
            let target = root.appendingPathComponent(file)
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: ShippedTemplates.root.appendingPathComponent(file), to: target)
        }
        return root
    }

    static func shipped(_ locale: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: ShippedTemplates.root.appendingPathComponent(locale).path)
            .filter { $0.hasSuffix(".mustache") }.map { "\(locale)/\($0)" }
    }

    @Test func theShippedTemplatesAreComplete() {
        #expect(TemplateFolderCheck(root: ShippedTemplates.root).problem() == nil)
    }

    @Test func aMissingFolderIsNamed() {
        let root = URL(fileURLWithPath: "/nonexistent/templates")
        #expect(TemplateFolderCheck(root: root).problem() == .missingFolder("/nonexistent/templates"))
    }

    @Test func aMissingDefaultLocaleIsNamed() throws {
        let root = try Self.folder(with: try Self.shipped("es"))
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(TemplateFolderCheck(root: root).problem() == .missingFolder(root.appendingPathComponent("en").path))
    }

    @Test func missingRequiredPartsAndIncludedPartialsAreListed() throws {
        let removed: Set = ["en/booking_confirmed.email.subject.mustache", "en/layout.email.html.mustache", "en/reminder.sms.text.mustache"]
        let root = try Self.folder(with: try Self.shipped("en").filter { !removed.contains($0) })
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(TemplateFolderCheck(root: root).problem() == .missingFiles(folder: root.path, files: removed.sorted()))
    }

    @Test func optionalHTMLPartsMayBeAbsent() throws {
        let root = try Self.folder(with: try Self.shipped("en").filter { !$0.hasSuffix(".email.html.mustache") })
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(TemplateFolderCheck(root: root).problem() == nil)
    }
}
