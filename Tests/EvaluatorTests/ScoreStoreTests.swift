import Foundation
import JSONLines
import Testing
@testable import Evaluator

#if canImport(FoundationXML)
import FoundationXML
#endif

@Suite struct ScoreStoreTests {
    static func temporaryPath() -> String {
        NSTemporaryDirectory() + "memkit-store-\(UUID().uuidString).sqlite"
    }

    static func info(_ name: String) -> RunInfo { RunInfo(name: name, toolVersion: "test", commandLine: "test") }

    static func launch(_ arguments: [String], stdout: Pipe? = nil) throws -> Process {
        try Binaries.launch("evalmem", arguments, stdout: stdout)
    }

    @Test func createsTheLatestSchemaInAnEmptyFile() throws {
        let path = Self.temporaryPath()
        let store = try ScoreStore(path: path)
        #expect(try store.database.userVersion() == ScoreStore.schemaVersion)
        #expect(try store.database.scalarInt("SELECT count(*) FROM sqlite_master WHERE name = 'summaries'") == 1)
        #expect(try store.database.query("PRAGMA journal_mode").first?.first?.textValue == "wal")
        let report = EvaluationReport.synthetic(instances: 12, questions: 3, samples: 50)
        let id = try store.store(report, info: Self.info("a"))
        #expect(try store.database.scalarInt("SELECT count(*) FROM results") == 12 * 3 * 5)
        #expect(try store.database.scalarInt("SELECT count(*) FROM instances") == 12)
        let stored = try store.summaries(run: id)
        let group = try #require(report.groups.first { $0.dimension == "all" })
        let all = try #require(stored.first { $0.dimension == "all" && $0.metric == "answer_in_context" })
        #expect(all.estimate == group.answerInContext)
        var exported = 0
        try store.forEachResult(runs: [id]) { _ in exported += 1 }
        #expect(exported == 180)
    }

    @Test func upgradesAVersion1File() throws {
        let path = Self.temporaryPath()
        let report = EvaluationReport.synthetic(instances: 10, questions: 4, samples: 100)
        do {
            // A file as the first schema left it: runs and results only.
            let db = try SQLiteDatabase(path: path)
            try db.execute(ScoreStore.migrations[0])
            try db.setUserVersion(1)
            try db.execute("""
                INSERT INTO runs (name, created_at, tool_version, dataset_path, dataset_sha256, command_line)
                VALUES ('old', '2026-01-01T00:00:00Z', '0.0.1', 'd', 'x', 'c')
                """)
            let insert = try db.prepare("""
                INSERT INTO results (run_id, agent, instance, question, data_source, competency, length_bucket, metric,
                                     value, attribution) VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
                """)
            for r in report.instances {
                for q in r.questions {
                    for (metric, value) in q.metricValues {
                        try insert.run([.text(r.agent), .text(r.instance), .text(q.id), .text(r.dataSource),
                                        .text(r.competency), .text(r.lengthBucket), .text(metric), .double(value),
                                        q.attribution.map { .text($0.rawValue) } ?? .null])
                    }
                }
            }
        }
        let store = try ScoreStore(path: path)
        #expect(try store.database.userVersion() == 2)
        let run = try #require(try store.run(named: "old"))
        let recomputed = try store.summaries(run: run.id, samples: 100)
        for g in report.groups {
            let score = recomputed.first { $0.agent == g.agent && $0.dimension == g.dimension && $0.value == g.value
                && $0.metric == "score" }
            #expect(score?.estimate == g.score, "\(g.dimension) \(g.value)")
        }
        var rows = 0
        try store.forEachResult(runs: nil) { _ in rows += 1 }
        #expect(rows == 10 * 4 * 5)
    }

    @Test func refusesANewerFile() throws {
        let path = Self.temporaryPath()
        do { try SQLiteDatabase(path: path).setUserVersion(ScoreStore.schemaVersion + 1) }
        do {
            _ = try ScoreStore(path: path)
            Issue.record("a newer file must be refused")
        } catch {
            #expect(error.message.contains("newer") && error.sql == "PRAGMA user_version")
        }
    }

    @Test func twoProcessesWritingAThousandRunsEachLoseNothing() throws {
        let path = Self.temporaryPath()
        _ = try ScoreStore(path: path)
        let writers = try ["a", "b"].map {
            try Self.launch(["store-stress", "--db", path, "--runs", "1000", "--name", $0])
        }
        for w in writers { w.waitUntilExit() }
        #expect(writers.allSatisfy { $0.terminationStatus == 0 })
        let store = try ScoreStore(path: path)
        #expect(try store.database.scalarInt("SELECT count(*) FROM runs WHERE name = 'a'") == 1000)
        #expect(try store.database.scalarInt("SELECT count(*) FROM runs WHERE name = 'b'") == 1000)
        #expect(try store.database.scalarInt("SELECT count(*) FROM results") == 2000 * 25)
        // Every run's rowid range holds exactly its own rows.
        #expect(try store.database.scalarInt("""
            SELECT count(*) FROM runs WHERE (SELECT count(*) FROM results r WHERE r.rowid BETWEEN runs.first_result
                AND runs.last_result AND r.run_id = runs.id) != 25 OR last_result - first_result != 24
            """) == 0)
        #expect(try store.database.query("PRAGMA integrity_check").first?.first?.textValue == "ok")
    }

    @Test func aKilledRunLeavesAConsistentFileWithoutIt() throws {
        let path = Self.temporaryPath()
        try ScoreStore(path: path).store(EvaluationReport.synthetic(instances: 3, questions: 2), info: Self.info("kept"))
        let pipe = Pipe()
        let writer = try Self.launch(["store-stress", "--db", path, "--instances", "2000", "--hold-seconds", "60",
                                      "--name", "half"], stdout: pipe)
        // Wait until its rows are written inside the open transaction, then kill it.
        let line = pipe.fileHandleForReading.availableData
        #expect(String(decoding: line, as: UTF8.self).contains("holding"))
        kill(writer.processIdentifier, SIGKILL)
        writer.waitUntilExit()
        #expect(writer.terminationReason == .uncaughtSignal)
        let store = try ScoreStore(path: path)
        #expect(try store.database.query("PRAGMA integrity_check").first?.first?.textValue == "ok")
        #expect(try store.runs().map(\.name) == ["kept"])
        #expect(try store.database.scalarInt("SELECT count(*) FROM results") == 3 * 2 * 5)
        // A rerun completes.
        try store.store(EvaluationReport.synthetic(instances: 2, questions: 2), info: Self.info("again"))
        #expect(try store.runs().map(\.name) == ["kept", "again"])
    }

    @Test func compareFlagsAPlantedRegressionOnly() throws {
        let store = try ScoreStore(path: Self.temporaryPath())
        var report = EvaluationReport.synthetic(instances: 20, questions: 5, samples: 100)
        let base = try store.store(report, info: Self.info("base"))
        let same = try store.store(report, info: Self.info("same"))
        // Plant a regression: the first squad instance loses every answer.
        let k = try #require(report.instances.firstIndex { $0.dataSource == "squad" })
        for q in report.instances[k].questions.indices {
            report.instances[k].questions[q].score = .scored(0)
            report.instances[k].questions[q].answerInContext = 0
        }
        report.groups = Aggregation.summarize(report.instances, samples: 100)
        let worse = try store.store(report, info: Self.info("worse"))
        let clean = Comparison(baseline: try store.summaries(run: base), candidate: try store.summaries(run: same))
        #expect(clean.regressions.isEmpty && !clean.rows.isEmpty)
        let planted = Comparison(baseline: try store.summaries(run: base), candidate: try store.summaries(run: worse))
        #expect(!planted.regressions.isEmpty)
        #expect(planted.regressions.allSatisfy { $0.group.hasPrefix("squad@") })
        #expect(planted.markdown.contains("**regressed**"))
        // The same through an expectations file, and through the command's exit code.
        let file = NSTemporaryDirectory() + "memkit-expected-\(UUID().uuidString).json"
        try ExpectedScores.text(try store.summaries(run: base)).write(toFile: file, atomically: true, encoding: .utf8)
        #expect(Comparison(baseline: try ExpectedScores.read(path: file),
                           candidate: try store.summaries(run: same)).regressions.isEmpty)
        for (candidate, status) in [("same", Int32(0)), ("worse", 1)] {
            let p = try Self.launch(["compare", "--db", store.database.path, "--baseline", file, "--candidate",
                                     candidate], stdout: Pipe())
            p.waitUntilExit()
            #expect(p.terminationStatus == status, "\(candidate)")
        }
    }

    @Test func reportChartsParseAndPlotTheStoredValues() throws {
        let store = try ScoreStore(path: Self.temporaryPath())
        let report = EvaluationReport.synthetic(instances: 30, questions: 4, samples: 100)
        let id = try store.store(report, info: Self.info("r"))
        let run = try #require(try store.run(named: "r"))
        let html = try HTMLReport(store: store, runs: [run]).html
        let stored = try store.summaries(run: id)
        var svgs = 0, points = 0
        var rest = html[...]
        while let open = rest.range(of: "<svg"), let close = rest.range(of: "</svg>") {
            let svg = String(rest[open.lowerBound..<close.upperBound])
            rest = rest[close.upperBound...]
            svgs += 1
            let collector = PointCollector()
            let parser = XMLParser(data: Data(svg.utf8))
            parser.delegate = collector
            #expect(parser.parse(), "chart \(svgs) is not well-formed XML: \(String(describing: parser.parserError))")
            for p in collector.points {
                points += 1
                let dimension = p.metric.hasPrefix("attribution:") ? "all"
                    : svgs == 2 ? "competency" : "length_bucket"
                let want = stored.first { $0.agent == p.series && $0.value == p.x && $0.metric == p.metric
                    && $0.dimension == dimension }
                #expect(want != nil && abs((want?.estimate.mean ?? -1) - p.value) < 1e-12, "\(p)")
                if let cy = p.cy {
                    let top = collector.axis["data-top"] ?? 0, height = collector.axis["data-height"] ?? 1
                    let ymin = collector.axis["data-ymin"] ?? 0, ymax = collector.axis["data-ymax"] ?? 1
                    let plotted = ymax - (cy - top) / height * (ymax - ymin)
                    #expect(abs(plotted - p.value) <= (ymax - ymin) * 0.001, "\(p) drawn at \(plotted)")
                }
            }
        }
        #expect(svgs == 4 && points > 0)
        // Self-contained: nothing is fetched from elsewhere.
        for external in ["<script src", "<link", "url(", "src=\"http", "href=\"http", "@import"] {
            #expect(!html.contains(external), "\(external)")
        }
    }
}

/// Collects the plotted points of one SVG chart.
final class PointCollector: NSObject, XMLParserDelegate {
    struct Point: CustomStringConvertible {
        var series: String, x: String, metric: String, value: Double, cy: Double?
        var description: String { "\(series) \(x) \(metric) \(value)" }
    }

    var points: [Point] = []
    var axis: [String: Double] = [:]

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String]) {
        if name == "svg" {
            for key in ["data-top", "data-height", "data-ymin", "data-ymax"] { axis[key] = attributes[key].flatMap(Double.init) }
        }
        guard let series = attributes["data-series"], let x = attributes["data-x"], let metric = attributes["data-metric"],
              let value = attributes["data-value"].flatMap(Double.init)
        else { return }
        points.append(Point(series: series, x: x, metric: metric, value: value,
                            cy: name == "circle" ? attributes["cy"].flatMap(Double.init) : nil))
    }
}
