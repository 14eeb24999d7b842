import Foundation

/// Charts drawn on the server as SVG (no script, nothing fetched): bars with their numbers written beside them, so a
/// chart reads without colour and prints. Every label is escaped here, since the SVG is placed unescaped in a page.
enum Charts {
    struct Bar {
        var label: String
        var value: Double
        /// The text written at the bar's end (e.g. `12 / 20，60%`).
        var caption: String
        var failing = false
    }

    /// Horizontal bars, one per row, scaled to `maximum` (the largest value when nil).
    static func bars(_ bars: [Bar], title: String, maximum: Double? = nil) -> String {
        let rowHeight = 24
        let labelWidth = 96
        let barWidth = 250
        let width = labelWidth + barWidth + 150
        let top = bars.map(\.value).max() ?? 0
        let scale = max(maximum ?? top, 1)
        var svg =
            #"<svg class="chart" role="img" aria-label="\#(Self.escape(title))" viewBox="0 0 \#(width) \#(bars.count * rowHeight + 30)" xmlns="http://www.w3.org/2000/svg">"#
        svg += #"<title>\#(Self.escape(title))</title><text x="0" y="14">\#(Self.escape(title))</text>"#
        for (index, bar) in bars.enumerated() {
            let y = 24 + index * rowHeight
            let length = Int((max(0, bar.value) / scale * Double(barWidth)).rounded())
            svg += #"<text x="0" y="\#(y + 14)">\#(Self.escape(bar.label))</text>"#
            svg += #"<rect class="\#(bar.failing ? "fail" : "bar")" x="\#(labelWidth)" y="\#(y + 3)" width="\#(length)" height="\#(rowHeight - 8)"/>"#
            svg += #"<text x="\#(labelWidth + length + 6)" y="\#(y + 14)">\#(Self.escape(bar.caption))</text>"#
        }
        return svg + "</svg>"
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
