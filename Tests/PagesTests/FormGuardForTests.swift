import Foundation
import TestSupport
import Web

enum FormGuardForTests {
    static let `guard` = FormGuard(key: Array(TestKeys.linkKey.utf8), publicBaseURL: URL(string: "http://localhost")!)
}
