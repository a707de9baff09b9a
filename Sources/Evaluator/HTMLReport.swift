import JSONLines

/// One self-contained HTML page (no external assets) with inline SVG charts of stored runs: accuracy against
/// context length with interval bands, accuracy per competency, memory size against length, and the failure
/// attribution as stacked bars, each followed by a table of the same numbers.
///
/// Every plotted point is an SVG element carrying `data-series`, `data-x`, `data-metric` and `data-value`, and
/// every chart's `<svg>` carries its axis mapping (`data-top`, `data-height`, `data-ymin`, `data-ymax`), so a test
/// can check each point against the database.
public struct HTMLReport: Sendable {
    /// One line of a chart: an agent of a run.
    public struct Series: Sendable, Equatable {
        /// The label (`agent`, or `run/agent` when several runs are shown).
        public var label: String
        /// The summaries of that agent in that run.
        public var summaries: [StoredSummary]

        /// The accuracy metric: Mem-α's score when the agent answered, else answer-in-context.
        public var accuracyMetric: String {
            summaries.contains { $0.metric == "score" } ? "score" : "answer_in_context"
        }

        func estimate(_ dimension: String, _ value: String, _ metric: String) -> Estimate? {
            summaries.first { $0.dimension == dimension && $0.value == value && $0.metric == metric }?.estimate
        }

        func values(_ dimension: String) -> [String] {
            var out: [String] = []
            for s in summaries where s.dimension == dimension && !out.contains(s.value) { out.append(s.value) }
            return out
        }
    }

    /// The series shown.
    public var series: [Series]
    /// The page title.
    public var title: String

    /// Builds the report of `runs` from a store.
    public init(store: ScoreStore, runs: [RunRecord], title: String = "memkit evaluation report") throws(SQLiteError) {
        var series: [Series] = []
        for run in runs {
            let all = try store.summaries(run: run.id)
            var agents: [String] = []
            for s in all where !agents.contains(s.agent) { agents.append(s.agent) }
            for agent in agents {
                series.append(Series(label: runs.count > 1 ? "\(run.name)/\(agent)" : agent,
                                     summaries: all.filter { $0.agent == agent }))
            }
        }
        self.series = series
        self.title = title
    }

    static let palette = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf",
                          "#7f7f7f", "#bcbd22"]
    static let attributionColors = ["#d62728", "#ff7f0e", "#bcbd22", "#2ca02c"]

    /// The page.
    public var html: String {
        var body = ""
        body += lengthChart(metric: nil, id: "accuracy-length", title: "Accuracy against context length",
                            note: "Mem-α's per-source score where the agent answered; otherwise answer-in-context "
                                + "(marked *). Bands are 95% bootstrap intervals over instances.")
        body += competencyChart()
        body += lengthChart(metric: "memory_tokens", id: "memory-length", title: "Memory size against context length",
                            note: "Mean final memory size in o200k tokens (Mem-α's total_length).")
        body += attributionChart()
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>\(Self.escape(title))</title>
            <style>
            body{font-family:system-ui,-apple-system,Segoe UI,Helvetica,Arial,sans-serif;margin:2em auto;max-width:980px;color:#222}
            h1{font-size:1.5em}h2{font-size:1.15em;margin-top:2em}p.note{color:#555;font-size:.9em}
            table{border-collapse:collapse;font-size:.85em;margin:.5em 0 1.5em}
            th,td{border:1px solid #ccc;padding:3px 8px;text-align:right}th:first-child,td:first-child{text-align:left}
            th{background:#f3f3f3}svg{background:#fff;border:1px solid #eee}
            .axis{stroke:#888;stroke-width:1}.grid{stroke:#eee;stroke-width:1}.label{font-size:11px;fill:#444}
            .legend{font-size:12px;fill:#222}
            </style></head><body>
            <h1>\(Self.escape(title))</h1>
            \(body)</body></html>

            """
    }

    // MARK: - Charts

    static let width = 900.0, height = 360.0, left = 60.0, right = 200.0, top = 20.0, bottom = 40.0
    var plotWidth: Double { Self.width - Self.left - Self.right }
    var plotHeight: Double { Self.height - Self.top - Self.bottom }

    /// The length buckets of all series, in length order.
    var buckets: [String] {
        var out: [String] = []
        for s in series { for v in s.values("length_bucket") where !out.contains(v) { out.append(v) } }
        return out.sorted(by: Aggregation.precedes)
    }

    func svgOpen(_ id: String, ymin: Double, ymax: Double) -> String {
        "<svg id=\"\(id)\" xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(Self.width))\" height=\"\(Int(Self.height))\" "
            + "viewBox=\"0 0 \(Int(Self.width)) \(Int(Self.height))\" data-top=\"\(Self.top)\" "
            + "data-height=\"\(plotHeight)\" data-ymin=\"\(ymin)\" data-ymax=\"\(ymax)\">\n"
    }

    func y(_ v: Double, _ ymin: Double, _ ymax: Double) -> Double {
        Self.top + (1 - (v - ymin) / (ymax - ymin)) * plotHeight
    }

    func axes(ymin: Double, ymax: Double, xLabels: [(String, Double)], yFormat: (Double) -> String) -> String {
        var out = ""
        for k in 0...4 {
            let v = ymin + (ymax - ymin) * Double(k) / 4
            let yy = Self.f(y(v, ymin, ymax))
            out += "<line class=\"grid\" x1=\"\(Self.left)\" y1=\"\(yy)\" x2=\"\(Self.left + plotWidth)\" y2=\"\(yy)\"/>\n"
            out += "<text class=\"label\" x=\"\(Self.left - 6)\" y=\"\(yy)\" text-anchor=\"end\" dominant-baseline=\"middle\">"
                + Self.escape(yFormat(v)) + "</text>\n"
        }
        let base = Self.f(Self.top + plotHeight)
        out += "<line class=\"axis\" x1=\"\(Self.left)\" y1=\"\(base)\" x2=\"\(Self.left + plotWidth)\" y2=\"\(base)\"/>\n"
        out += "<line class=\"axis\" x1=\"\(Self.left)\" y1=\"\(Self.top)\" x2=\"\(Self.left)\" y2=\"\(base)\"/>\n"
        for (label, x) in xLabels {
            out += "<text class=\"label\" x=\"\(Self.f(x))\" y=\"\(Self.f(Self.top + plotHeight + 18))\" "
                + "text-anchor=\"middle\">\(Self.escape(label))</text>\n"
        }
        return out
    }

    func legend(_ labels: [(String, String)]) -> String {
        var out = ""
        for (k, (label, color)) in labels.enumerated() {
            let yy = Self.top + 10 + Double(k) * 18
            out += "<rect x=\"\(Self.f(Self.width - Self.right + 16))\" y=\"\(Self.f(yy - 8))\" width=\"12\" height=\"12\" "
                + "fill=\"\(color)\"/><text class=\"legend\" x=\"\(Self.f(Self.width - Self.right + 34))\" "
                + "y=\"\(Self.f(yy + 2))\">\(Self.escape(label))</text>\n"
        }
        return out
    }

    /// A line chart over length buckets: accuracy (`metric` nil: each series' accuracy metric) or `metric`.
    func lengthChart(metric fixed: String?, id: String, title: String, note: String) -> String {
        let xs = buckets
        guard !xs.isEmpty else { return "" }
        let xPos = { (k: Int) -> Double in
            Self.left + (xs.count == 1 ? self.plotWidth / 2 : self.plotWidth * (0.05 + 0.9 * Double(k) / Double(xs.count - 1)))
        }
        var ymax = 1.0
        if let fixed {
            let top = series.flatMap { s in xs.compactMap { s.estimate("length_bucket", $0, fixed)?.high } }.max() ?? 1
            ymax = Self.niceCeiling(max(top, 1))
        }
        let format: (Double) -> String = fixed == nil ? { Self.f2($0) } : { "\(Int($0.rounded()))" }
        var svg = svgOpen(id, ymin: 0, ymax: ymax)
        svg += axes(ymin: 0, ymax: ymax, xLabels: xs.enumerated().map { ($1, xPos($0)) }, yFormat: format)
        var rows: [[String]] = []
        var legendItems: [(String, String)] = []
        for (n, s) in series.enumerated() {
            let color = Self.palette[n % Self.palette.count]
            let metric = fixed ?? s.accuracyMetric
            let points = xs.enumerated().compactMap { k, x in s.estimate("length_bucket", x, metric).map { (k, x, $0) } }
            guard !points.isEmpty else { continue }
            let label = s.label + (fixed == nil && metric == "answer_in_context" ? " *" : "")
            legendItems.append((label, color))
            if points.count > 1 && points.contains(where: { $0.2.high > $0.2.low }) {
                let upper = points.map { "\(Self.f(xPos($0.0))),\(Self.f(y($0.2.high, 0, ymax)))" }
                let lower = points.reversed().map { "\(Self.f(xPos($0.0))),\(Self.f(y($0.2.low, 0, ymax)))" }
                svg += "<polygon points=\"\((upper + lower).joined(separator: " "))\" fill=\"\(color)\" "
                    + "fill-opacity=\"0.15\" stroke=\"none\"/>\n"
            }
            let line = points.map { "\(Self.f(xPos($0.0))),\(Self.f(y($0.2.mean, 0, ymax)))" }.joined(separator: " ")
            svg += "<polyline points=\"\(line)\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"2\"/>\n"
            for (k, x, e) in points {
                svg += "<circle class=\"point\" cx=\"\(Self.f(xPos(k)))\" cy=\"\(Self.f(y(e.mean, 0, ymax)))\" r=\"4\" "
                    + "fill=\"\(color)\" data-series=\"\(Self.escape(s.label))\" data-x=\"\(Self.escape(x))\" "
                    + "data-metric=\"\(metric)\" data-value=\"\(e.mean)\"><title>\(Self.escape(label)) @ "
                    + "\(Self.escape(x)): \(format(e.mean))</title></circle>\n"
                rows.append([label, x, fixed == nil ? Self.f3(e.mean) : format(e.mean),
                             fixed == nil ? "\(Self.f3(e.low)) – \(Self.f3(e.high))" : ""])
            }
        }
        svg += legend(legendItems) + "</svg>\n"
        let headers = fixed == nil ? ["series", "length", "accuracy", "95% interval"] : ["series", "length", "tokens", ""]
        return "<h2>\(Self.escape(title))</h2>\n<p class=\"note\">\(Self.escape(note))</p>\n" + svg
            + Self.table(headers.filter { !$0.isEmpty }, rows.map { fixed == nil ? $0 : Array($0.prefix(3)) })
    }

    /// Grouped bars of accuracy per competency, with interval whiskers.
    func competencyChart() -> String {
        var groups: [String] = []
        for s in series { for v in s.values("competency") where !groups.contains(v) { groups.append(v) } }
        groups.sort()
        guard !groups.isEmpty, !series.isEmpty else { return "" }
        var svg = svgOpen("accuracy-competency", ymin: 0, ymax: 1)
        let slot = plotWidth / Double(groups.count)
        let barWidth = min(40, slot * 0.8 / Double(series.count))
        svg += axes(ymin: 0, ymax: 1, xLabels: groups.enumerated().map { ($1, Self.left + slot * (Double($0) + 0.5)) },
                    yFormat: { Self.f2($0) })
        var rows: [[String]] = []
        for (g, group) in groups.enumerated() {
            for (n, s) in series.enumerated() {
                let metric = s.accuracyMetric
                guard let e = s.estimate("competency", group, metric) else { continue }
                let color = Self.palette[n % Self.palette.count]
                let x = Self.left + slot * (Double(g) + 0.5) + (Double(n) - Double(series.count) / 2) * barWidth
                let top = y(e.mean, 0, 1)
                svg += "<rect class=\"point\" x=\"\(Self.f(x))\" y=\"\(Self.f(top))\" width=\"\(Self.f(barWidth - 2))\" "
                    + "height=\"\(Self.f(Self.top + plotHeight - top))\" fill=\"\(color)\" "
                    + "data-series=\"\(Self.escape(s.label))\" data-x=\"\(Self.escape(group))\" data-metric=\"\(metric)\" "
                    + "data-value=\"\(e.mean)\"><title>\(Self.escape(s.label)): \(Self.f3(e.mean))</title></rect>\n"
                let cx = Self.f(x + (barWidth - 2) / 2)
                svg += "<line x1=\"\(cx)\" y1=\"\(Self.f(y(e.low, 0, 1)))\" x2=\"\(cx)\" y2=\"\(Self.f(y(e.high, 0, 1)))\" "
                    + "stroke=\"#333\" stroke-width=\"1\"/>\n"
                rows.append([s.label + (metric == "answer_in_context" ? " *" : ""), group, Self.f3(e.mean),
                             "\(Self.f3(e.low)) – \(Self.f3(e.high))"])
            }
        }
        svg += legend(series.enumerated().map { ($1.label, Self.palette[$0 % Self.palette.count]) }) + "</svg>\n"
        return "<h2>Accuracy per competency</h2>\n<p class=\"note\">Same metric as above; whiskers are 95% "
            + "bootstrap intervals.</p>\n" + svg + Self.table(["series", "competency", "accuracy", "95% interval"], rows)
    }

    /// Stacked bars of the failure attribution shares per series (all instances).
    func attributionChart() -> String {
        let kinds = FailureAttribution.allCases
        let shown = series.filter { s in kinds.contains { s.estimate("all", "all", "attribution:" + $0.rawValue) != nil } }
        guard !shown.isEmpty else { return "" }
        var svg = svgOpen("attribution", ymin: 0, ymax: 1)
        let slot = plotWidth / Double(shown.count)
        let barWidth = min(60, slot * 0.6)
        svg += axes(ymin: 0, ymax: 1, xLabels: shown.enumerated().map { ($1.label, Self.left + slot * (Double($0) + 0.5)) },
                    yFormat: { "\(Int(($0 * 100).rounded()))%" })
        var rows: [[String]] = []
        for (n, s) in shown.enumerated() {
            var base = 0.0
            var row = [s.label]
            for (k, kind) in kinds.enumerated() {
                let share = s.estimate("all", "all", "attribution:" + kind.rawValue)?.mean ?? 0
                let x = Self.left + slot * (Double(n) + 0.5) - barWidth / 2
                let top = y(base + share, 0, 1)
                svg += "<rect class=\"point\" x=\"\(Self.f(x))\" y=\"\(Self.f(top))\" width=\"\(Self.f(barWidth))\" "
                    + "height=\"\(Self.f(y(base, 0, 1) - top))\" fill=\"\(Self.attributionColors[k])\" "
                    + "data-series=\"\(Self.escape(s.label))\" data-x=\"all\" data-metric=\"attribution:\(kind.rawValue)\" "
                    + "data-value=\"\(share)\"><title>\(kind.rawValue): \(Self.f3(share))</title></rect>\n"
                base += share
                row.append("\(Int((share * 100).rounded()))%")
            }
            rows.append(row)
        }
        svg += legend(kinds.enumerated().map { ($1.rawValue.replacingUnderscores, Self.attributionColors[$0]) })
        svg += "</svg>\n"
        return "<h2>Where answers were lost</h2>\n<p class=\"note\">Share of questions by how far the gold answer "
            + "got: never written, overwritten or deleted, stored but not retrieved, in the reader's context.</p>\n"
            + svg + Self.table(["series"] + kinds.map(\.rawValue.replacingUnderscores), rows)
    }

    // MARK: - Text helpers

    static func table(_ headers: [String], _ rows: [[String]]) -> String {
        var out = "<table><thead><tr>" + headers.map { "<th>\(escape($0))</th>" }.joined() + "</tr></thead><tbody>\n"
        for row in rows { out += "<tr>" + row.map { "<td>\(escape($0))</td>" }.joined() + "</tr>\n" }
        return out + "</tbody></table>\n"
    }

    /// XML/HTML escaping of text and attribute values.
    static func escape(_ text: String) -> String {
        var out = ""
        for c in text.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    static func f(_ x: Double) -> String { EvaluationReport.fixed(x, 1) }
    static func f2(_ x: Double) -> String { EvaluationReport.fixed(x, 2) }
    static func f3(_ x: Double) -> String { EvaluationReport.fixed(x, 3) }

    /// 1, 2 or 5 times a power of ten, at least `x`.
    static func niceCeiling(_ x: Double) -> Double {
        var p = 1.0
        while p * 10 <= x { p *= 10 }
        for m in [1.0, 2, 5, 10] where m * p >= x { return m * p }
        return 10 * p
    }
}

extension String {
    var replacingUnderscores: String { String(map { $0 == "_" ? " " : $0 }) }
}
