import Runtime
import Testing

/// Parses Prometheus text back into samples, to check rendering by meaning rather than by string.
struct ExpositionParser {
    struct Sample: Equatable {
        let name: String
        let labels: [String: String]
        let value: Double
    }

    var help: [String: String] = [:]
    var types: [String: String] = [:]
    var samples: [Sample] = []

    struct Failure: Error {
        let line: String
    }

    init(_ text: String) throws {
        for line in text.split(separator: "\n").map(String.init) {
            if line.hasPrefix("# HELP ") {
                let rest = line.dropFirst(7)
                let name = rest.prefix { $0 != " " }
                help[String(name)] = String(rest.dropFirst(name.count + 1))
            } else if line.hasPrefix("# TYPE ") {
                let parts = line.split(separator: " ")
                types[String(parts[2])] = String(parts[3])
            } else {
                samples.append(try Self.sample(line))
            }
        }
    }

    private static func sample(_ line: String) throws -> Sample {
        var rest = Substring(line)
        let name = String(rest.prefix { $0 != "{" && $0 != " " })
        rest = rest.dropFirst(name.count)
        var labels: [String: String] = [:]
        if rest.first == "{" {
            rest = rest.dropFirst()
            while rest.first != "}" {
                let key = String(rest.prefix { $0 != "=" })
                rest = rest.dropFirst(key.count + 2) // key="
                var value = ""
                while let character = rest.popFirst(), character != "\"" {
                    if character == "\\", let escaped = rest.popFirst() {
                        value.append(escaped == "n" ? "\n" : escaped)
                    } else {
                        value.append(character)
                    }
                }
                labels[key] = value
                if rest.first == "," { rest = rest.dropFirst() }
            }
            rest = rest.dropFirst()
        }
        let text = rest.trimmingPrefix(" ")
        let value = text == "+Inf" ? Double.infinity : text == "-Inf" ? -Double.infinity : Double(text)
        guard let value else { throw Failure(line: line) }
        return Sample(name: name, labels: labels, value: value)
    }

    func value(_ name: String, _ labels: [String: String] = [:]) -> Double? {
        samples.first { $0.name == name && $0.labels == labels }?.value
    }
}

@Suite struct MetricsRegistryTests {
    @Test func countersGaugesAndCallbacksRenderAndParseBack() throws {
        let registry = MetricsRegistry()
        let sent = registry.counter("booknow_deliveries_total", help: "Messages handed to a provider.",
                                    labels: ["channel": "email", "outcome": "sent"])
        sent.increment()
        sent.increment(by: 2)
        #expect(registry.counter("booknow_deliveries_total", help: "Messages handed to a provider.",
                                 labels: ["outcome": "sent", "channel": "email"]) === sent)
        registry.counter("booknow_deliveries_total", help: "Messages handed to a provider.",
                         labels: ["channel": "sms", "outcome": "dead"]).increment()
        let connections = registry.gauge("booknow_db_connections_in_use", help: "Pool connections in use.")
        connections.set(4)
        connections.add(-1.5)
        registry.callbackGauge("booknow_queue_depth", help: "Jobs per state.", labels: ["state": "scheduled"]) { 42 }

        let parsed = try ExpositionParser(registry.render())
        #expect(parsed.types == ["booknow_deliveries_total": "counter", "booknow_db_connections_in_use": "gauge",
                                 "booknow_queue_depth": "gauge"])
        #expect(parsed.help["booknow_queue_depth"] == "Jobs per state.")
        #expect(parsed.value("booknow_deliveries_total", ["channel": "email", "outcome": "sent"]) == 3)
        #expect(parsed.value("booknow_deliveries_total", ["channel": "sms", "outcome": "dead"]) == 1)
        #expect(parsed.value("booknow_db_connections_in_use") == 2.5)
        #expect(parsed.value("booknow_queue_depth", ["state": "scheduled"]) == 42)
    }

    @Test func histogramsHaveCumulativeBucketsSumAndCount() throws {
        let registry = MetricsRegistry()
        let latency = registry.histogram("booknow_request_seconds", help: "Request latency.", buckets: [0.01, 0.1, 1],
                                         labels: ["route": "/v1/bookings"])
        for value in [0.005, 0.01, 0.05, 0.5, 3] { latency.observe(value) }
        latency.observe(.milliseconds(20))
        let text = registry.render()
        #expect(text.contains(#"booknow_request_seconds_bucket{route="/v1/bookings",le="+Inf"} 6"#))
        let parsed = try ExpositionParser(text)
        let route = ["route": "/v1/bookings"]
        #expect(parsed.value("booknow_request_seconds_bucket", route.merging(["le": "0.01"]) { $1 }) == 2)
        #expect(parsed.value("booknow_request_seconds_bucket", route.merging(["le": "0.1"]) { $1 }) == 4)
        #expect(parsed.value("booknow_request_seconds_bucket", route.merging(["le": "1"]) { $1 }) == 5)
        #expect(parsed.value("booknow_request_seconds_bucket", route.merging(["le": "+Inf"]) { $1 }) == 6)
        #expect(parsed.value("booknow_request_seconds_count", route) == 6)
        let sum = try #require(parsed.value("booknow_request_seconds_sum", route))
        #expect(abs(sum - 3.585) < 1e-9)
    }

    @Test func labelValuesAndHelpAreEscaped() throws {
        let registry = MetricsRegistry()
        registry.counter("booknow_errors_total", help: "Errors\\by kind\nsecond line.",
                         labels: ["reason": "say \"no\"\\\nnow"]).increment()
        let text = registry.render()
        #expect(text == """
            # HELP booknow_errors_total Errors\\\\by kind\\nsecond line.
            # TYPE booknow_errors_total counter
            booknow_errors_total{reason="say \\"no\\"\\\\\\nnow"} 1

            """)
        let parsed = try ExpositionParser(text)
        #expect(parsed.value("booknow_errors_total", ["reason": "say \"no\"\\\nnow"]) == 1)
    }

    @Test func concurrentUpdatesAreNotLost() async {
        let registry = MetricsRegistry()
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    let counter = registry.counter("booknow_hits_total", help: "Hits.")
                    let histogram = registry.histogram("booknow_sizes", help: "Sizes.", buckets: [1, 10])
                    for _ in 0..<1000 {
                        counter.increment()
                        histogram.observe(5)
                    }
                }
            }
        }
        #expect(registry.counter("booknow_hits_total", help: "Hits.").value == 8000)
        #expect(registry.render().contains("booknow_sizes_count 8000"))
    }
}
