import Foundation
import Templates

/// The repository's `templates/` folder, found from this file's path so the
/// tests check exactly what ships.
enum ShippedTemplates {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .deletingLastPathComponent()
        .deletingLastPathComponent()
        .appendingPathComponent("templates")

    static let locales = ["en", "es"]

    static func catalog() -> TemplateCatalog {
        TemplateCatalog(defaults: DirectoryTemplateStore(root: root))
    }
}
