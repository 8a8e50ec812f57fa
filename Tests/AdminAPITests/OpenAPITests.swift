import Foundation
import HTTPServer
import Testing
import TestSupport

@Suite("openapi.yaml is served, valid, and describes exactly the routes the router knows")
struct OpenAPITests {
    /// Validates the document with openapi-spec-validator from the project's
    /// virtual environment (scripts/test creates it) and prints "METHOD path"
    /// for every operation. A missing validator fails the test.
    static let script = """
        import sys, yaml
        from openapi_spec_validator import validate
        spec = yaml.safe_load(open(sys.argv[1]))
        validate(spec)
        for path, item in spec["paths"].items():
            for method in item:
                if method in ("get", "put", "post", "patch", "delete", "head", "options"):
                    print(method.upper(), path)
        """

    @Test func theServedDocumentIsValidAndMatchesTheRouter() throws {
        try AdminWorld.with { world in
            let answer = try world.call("GET", "/v1/openapi.yaml", key: .some(nil))
            #expect(answer.status == 200 && answer.headers["Content-Type"] == "application/yaml")
            let file = try TestEnvironment.scratchFolder().appendingPathComponent("openapi-\(UUID().uuidString).yaml")
            try Data(answer.body).write(to: file)
            defer { try? FileManager.default.removeItem(at: file) }
            let python = try TestEnvironment.repository().appendingPathComponent(".venv/bin/python").path
            #expect(FileManager.default.isExecutableFile(atPath: python), "no \(python): run the tests with scripts/test, which creates it")
            let output = try TestEnvironment.scratchFolder().appendingPathComponent("openapi-\(UUID().uuidString).out")
            let child = try ChildProcess(python, ["-c", Self.script, file.path], log: output)
            let status = child.wait(timeout: .seconds(60))
            #expect(status == 0, "openapi-spec-validator: \(child.output)")
            let documented = Set(child.output.split(separator: "\n").map(String.init))
            // The document is the `/v1` API's; the pages, consoles, health and the
            // providers' callbacks (signed by the provider, not keyed) share the listener.
            let callbacks = ["/v1/providers/twilio/", "/v1/providers/email/"]
            let routed = Set(world.router.routes
                .filter { route in route.pattern.hasPrefix("/v1/") && !callbacks.contains { route.pattern.hasPrefix($0) } }
                .map { "\($0.method.rawValue) \($0.pattern)" })
            #expect(routed.subtracting(documented).sorted() == [], "routes missing from openapi.yaml")
            #expect(documented.subtracting(routed).sorted() == [], "documented routes the router does not know")
        }
    }
}
