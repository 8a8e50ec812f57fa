import Foundation
import Testing
import TestSupport

/// What the resilience suite's schemathesis run (`resilience/run fuzz`) found
/// the API answering that openapi.yaml did not say, checked over every
/// operation the document lists.
@Suite("openapi.yaml documents what the API answers to hostile input")
struct OpenAPIConformanceTests {
    /// One operation as the served document describes it.
    struct Operation: Decodable, CustomStringConvertible {
        let method: String
        let path: String
        let keyed: Bool
        let idempotent: Bool
        let bodyRequired: Bool
        let statuses: Set<String>

        var description: String { "\(method) \(path)" }

        /// The path with every parameter filled in: ids that name nothing, a token that is none.
        var example: String {
            let values = ["id": UUID().uuidString.lowercased(), "service_id": UUID().uuidString.lowercased(), "token": "no-such-token",
                          "kind": "booking_confirmed", "channel": "email", "locale": "en"]
            return values.reduce(path) { $0.replacingOccurrences(of: "{\($1.key)}", with: $1.value) }
        }
    }

    /// Prints the document's operations as JSON, with openapi-spec-validator's
    /// environment (scripts/test creates .venv/, which has PyYAML).
    static let script = """
        import json, sys, yaml
        spec = yaml.safe_load(open(sys.argv[1]))
        ops = []
        for path, item in spec["paths"].items():
            for method, op in item.items():
                if method not in ("get", "put", "post", "patch", "delete"):
                    continue
                params = [p.get("$ref", "").rsplit("/", 1)[-1] for p in op.get("parameters", []) + item.get("parameters", [])]
                ops.append({"method": method.upper(), "path": path, "keyed": bool(op.get("security", spec.get("security"))),
                            "idempotent": "IdempotencyKey" in params,
                            "bodyRequired": op.get("requestBody", {}).get("required", False),
                            "statuses": sorted(op["responses"])})
        print(json.dumps(ops))
        """

    static func operations(_ world: AdminWorld) throws -> [Operation] {
        try JSONDecoder().decode([Operation].self, from: evaluate(Self.script, world))
    }

    /// The JSON `script` prints about the served document (loaded as `spec`).
    static func evaluate(_ script: String, _ world: AdminWorld) throws -> Data {
        let answer = try world.call("GET", "/v1/openapi.yaml", key: .some(nil))
        let folder = try TestEnvironment.scratchFolder()
        let file = folder.appendingPathComponent("openapi-\(UUID().uuidString).yaml")
        try Data(answer.body).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let python = try TestEnvironment.repository().appendingPathComponent(".venv/bin/python").path
        let output = folder.appendingPathComponent("openapi-\(UUID().uuidString).out")
        let child = try ChildProcess(python, ["-c", script, file.path], log: output)
        #expect(child.wait(timeout: .seconds(60)) == 0, "the document did not load: \(child.output)")
        return Data(child.output.utf8)
    }

    /// The document named a waitlist window's fields `{from, to}`; the server
    /// reads `{from, until}`, so a client following the document got 422.
    @Test func aWaitlistRequestWrittenAsTheDocumentSaysIsAccepted() throws {
        try AdminWorld.with { world in
            let script = """
                import json, sys, yaml
                spec = yaml.safe_load(open(sys.argv[1]))
                print(json.dumps(spec["components"]["schemas"]["WaitlistRequest"]["properties"]["wanted"]["items"]["required"]))
                """
            let names = try JSONDecoder().decode([String].self, from: Self.evaluate(script, world))
            try #require(names.count == 2, "\(names)")
            let joined = try world.call("POST", "/v1/waitlist", json: [
                "service": world.haircut, "location": world.location, "wanted": [[names[0]: world.at(9), names[1]: world.at(12)]],
                "customer": ["name": "Grace Hopper", "email": "grace@example.com"],
            ], key: world.publicKey)
            #expect(joined.status == 201, "\(names): \(joined.text)")
        }
    }

    /// What the schema refuses is 400 `invalid_request`;
    /// what only a rule refuses is 422 with the rule's code, which the
    /// document lists.
    @Test func schemaRefusalsAnswer400AndRuleRefusals422WithADocumentedCode() throws {
        try AdminWorld.with { world in
            let document = String(decoding: try world.call("GET", "/v1/openapi.yaml", key: .some(nil)).body, as: UTF8.self)
            func booking(_ start: Any) -> [String: Any] {
                ["service": world.haircut, "location": world.location, "start": start, "customer": ["name": "Ada", "email": "ada@example.com"]]
            }
            let wrongType = try world.call("POST", "/v1/bookings", json: booking(42), key: world.publicKey)
            #expect(wrongType.status == 400 && wrongType.code == "invalid_request" && wrongType.fields == ["start"], "\(wrongType.text)")
            let past = try world.call("POST", "/v1/bookings", json: booking(world.at(10, days: -30)), key: world.publicKey)
            #expect(past.status == 422 && past.code == "too_soon", "\(past.text)")
            let blank = try world.call("POST", "/v1/admin/locations", json: ["name": "   ", "time_zone": "UTC"])
            #expect(blank.status == 422 && blank.code == "invalid_text" && blank.fields == ["name"], "\(blank.text)")
            for code in ["too_soon", "invalid_text", "invalid_range", "range_too_long", "unknown_time_zone", "invalid_cursor",
                         "invalid_email", "date_out_of_range", "invalid_combination", "invalid_template_parts", "invalid_request"] {
                #expect(document.contains("`\(code)`"), "\(code) is not documented")
            }
        }
    }

    @Test func everyOperationThatTakesAKeyDocumentsItsRefusalAndTheRateLimit() throws {
        try AdminWorld.with { world in
            let keyed = try Self.operations(world).filter(\.keyed)
            #expect(keyed.count > 50)
            for operation in keyed {
                #expect(operation.statuses.isSuperset(of: ["401", "429"]), "\(operation) does not document 401 and 429")
            }
        }
    }

    /// schemathesis sent `Idempotency-Key` values the document allowed and the
    /// API refused with 422, on routes whose document listed no 422. The
    /// document's pattern refuses the key, so the answer is 400.
    @Test func aMalformedIdempotencyKeyIsRefusedWithADocumented400() throws {
        try AdminWorld.with { world in
            let idempotent = try Self.operations(world).filter(\.idempotent)
            #expect(idempotent.count > 20)
            for operation in idempotent {
                let answer = try world.call(operation.method, operation.example, headers: [("Idempotency-Key", "two words")])
                #expect(answer.status == 400 && answer.json["code"] as? String == "invalid_request", "\(operation): \(answer.status) \(answer.text)")
                #expect(operation.statuses.contains("400"), "\(operation) answers 400 but does not document it")
                // A refusal stores nothing: the same key may carry the corrected request.
                #expect(operation.statuses.contains("422"), "\(operation) does not document 422 idempotency_key_reused")
            }
        }
    }

    /// The document required a body on PATCH /v1/admin/policies, and the API
    /// answered 200 without one (an empty body changes nothing).
    @Test func anOperationAnswersABodylessRequestAsItsDocumentSays() throws {
        try AdminWorld.with { world in
            for operation in try Self.operations(world) where operation.method != "GET" {
                let answer = try world.call(operation.method, operation.example)
                #expect(operation.statuses.contains(String(answer.status)), "\(operation) without a body: undocumented \(answer.status)")
                if operation.bodyRequired {
                    #expect(answer.status >= 400, "\(operation) requires a body but answered \(answer.status) without one")
                }
            }
        }
    }
}
