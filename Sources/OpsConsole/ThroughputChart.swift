import Foundation
import Queue

/// The overview's chart, drawn on the server as SVG: one bar pair per minute
/// of the last hour (succeeded above the axis, failed below). No script and no
/// chart library; the numbers are also in the table beside it, for screen
/// readers and for anyone who wants figures.
struct ThroughputChart {
    let minutes: [QueueOverview.Minute]

    static let width = 600.0
    static let height = 160.0

    /// The `<svg>` element. Only numbers are interpolated, so no text needs escaping;
    /// the title comes from the texts file through the template.
    func svg(title: String) -> String {
        let peakUp = max(1, minutes.map(\.succeeded).max() ?? 0)
        let peakDown = max(1, minutes.map(\.failed).max() ?? 0)
        let axis = Self.height * 0.7
        let step = Self.width / Double(max(1, minutes.count))
        var bars = ""
        for (index, minute) in minutes.enumerated() {
            let x = Double(index) * step + 1
            let up = (axis - 4) * Double(minute.succeeded) / Double(peakUp)
            let down = (Self.height - axis - 4) * Double(minute.failed) / Double(peakDown)
            if minute.succeeded > 0 {
                bars += #"<rect class="bar-ok" x="\#(format(x))" y="\#(format(axis - up))" width="\#(format(step - 2))" height="\#(format(up))"/>"#
            }
            if minute.failed > 0 {
                bars += #"<rect class="bar-failed" x="\#(format(x))" y="\#(format(axis))" width="\#(format(step - 2))" height="\#(format(down))"/>"#
            }
        }
        let escaped = title.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
        return #"<svg class="chart" viewBox="0 0 \#(Int(Self.width)) \#(Int(Self.height))" role="img" aria-labelledby="chart-title">"#
            + #"<title id="chart-title">\#(escaped)</title>"#
            + #"<line class="axis" x1="0" y1="\#(format(axis))" x2="\#(Int(Self.width))" y2="\#(format(axis))"/>"# + bars + "</svg>"
    }

    private func format(_ value: Double) -> String { String(Double(Int(value * 10)) / 10) }
}
