// bench-templates: renders per second of the default reminder on one thread.
//
// Run: swift build -c release --product bench-templates && taskset -c 1 .build/release/bench-templates
// It renders through TemplateCatalog (resolution, cached parse, all parts),
// as the worker does at send time; building the render context (date
// formatting) is measured separately because a worker builds it once per
// message, whatever the channel.
import Foundation
import Templates
import Vocabulary

let root = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("templates")
let catalog = TemplateCatalog(defaults: DirectoryTemplateStore(root: root))
let input = SampleData.input(kind: .reminder, locale: "en")
let context = RenderContext.make(input)

/// Runs `body` `count` times after a warm-up; prints throughput and latency percentiles.
func measure(_ label: String, count: Int, _ body: () throws -> Int) rethrows {
    var sink = 0
    for _ in 0..<min(count / 10, 10_000) { sink &+= try body() }
    var samples = [Int64](repeating: 0, count: count)
    let clock = ContinuousClock()
    let started = clock.now
    for index in 0..<count {
        let before = clock.now
        sink &+= try body()
        let elapsed = before.duration(to: clock.now)
        samples[index] = elapsed.components.seconds * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000
    }
    let total = started.duration(to: clock.now)
    let seconds = Double(total.components.seconds) + Double(total.components.attoseconds) / 1e18
    samples.sort()
    let p50 = Double(samples[count / 2]) / 1000
    let p99 = Double(samples[count * 99 / 100]) / 1000
    let line = "\(label): \(Int(Double(count) / seconds)) renders/s, p50 \(String(format: "%.2f", p50)) µs, p99 \(String(format: "%.2f", p99)) µs (n=\(count), output bytes \(sink / (count + min(count / 10, 10_000))))"
    print(line)
}

let email = TemplateRequest(kind: .reminder, channel: .email, locale: "en")
let sms = TemplateRequest(kind: .reminder, channel: .sms, locale: "en")
try measure("reminder email (subject+text+html)", count: 200_000) {
    try catalog.render(email, context: context).parts.values.reduce(0) { $0 + $1.utf8.count }
}
try measure("reminder sms", count: 500_000) {
    try catalog.render(sms, context: context).text?.utf8.count ?? 0
}
measure("render context (dates in zone and locale)", count: 100_000) {
    RenderContext.make(input).interpolated.utf8.count + 1
}
