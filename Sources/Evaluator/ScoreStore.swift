import CSQLite
import JSONLines

#if canImport(Glibc)
import Glibc
#endif

/// What identifies a stored run besides its scores.
public struct RunInfo: Sendable, Equatable {
    /// A name to find the run by (`ci`, `ckpt-1200`, …).
    public var name: String
    /// When it was stored, ISO 8601 UTC.
    public var createdAt: String
    /// memkit's version.
    public var toolVersion: String
    /// The git commit of the evaluated code, when known.
    public var gitCommit: String?
    /// The command line.
    public var commandLine: String

    /// Creates run information; `createdAt` defaults to now.
    public init(name: String, toolVersion: String, gitCommit: String? = nil, commandLine: String,
                createdAt: String = RunInfo.now()) {
        self.name = name
        self.createdAt = createdAt
        self.toolVersion = toolVersion
        self.gitCommit = gitCommit
        self.commandLine = commandLine
    }

    /// The current time as `YYYY-MM-DDTHH:MM:SSZ`.
    public static func now() -> String {
        var t = time(nil)
        var parts = tm()
        gmtime_r(&t, &parts)
        func two(_ v: Int32) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T"
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))Z"
    }
}

/// The score store: every evaluation run, its per-question results, per-instance memory and tool statistics, and
/// its group summaries, in one SQLite file (`docs/score-store.md`). WAL mode, a busy timeout, one transaction
/// per run; the schema is upgraded by `user_version` and a newer file is refused.
public final class ScoreStore {
    /// The schema version this memkit writes.
    public static let schemaVersion = 2

    /// The connection.
    public let database: SQLiteDatabase

    /// Opens (creating or upgrading) the store at `path`.
    public init(path: String, busyTimeoutMilliseconds: Int32 = 30_000) throws(SQLiteError) {
        database = try SQLiteDatabase(path: path, busyTimeoutMilliseconds: busyTimeoutMilliseconds)
        // NORMAL is safe in WAL mode (a crash loses at most the last commits, never consistency); a 64 MiB page
        // cache keeps a million-row run from spilling pages before it commits.
        try database.execute("PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -65536")
        try migrate(to: ScoreStore.schemaVersion)
    }

    /// The migrations, in order: `migrations[k]` takes a file from version k to k + 1.
    static let migrations: [String] = [
        """
        CREATE TABLE runs (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            created_at TEXT NOT NULL,
            tool_version TEXT NOT NULL,
            git_commit TEXT,
            dataset_path TEXT NOT NULL,
            dataset_sha256 TEXT NOT NULL,
            agent TEXT,
            command_line TEXT NOT NULL
        );
        CREATE INDEX runs_name ON runs(name);
        CREATE TABLE results (
            run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
            agent TEXT NOT NULL,
            instance TEXT NOT NULL,
            question TEXT NOT NULL,
            data_source TEXT NOT NULL,
            competency TEXT NOT NULL,
            length_bucket TEXT NOT NULL,
            metric TEXT NOT NULL,
            value REAL,
            attribution TEXT
        );
        CREATE INDEX results_run ON results(run_id);
        """,
        """
        CREATE TABLE instances (
            run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
            agent TEXT NOT NULL,
            instance TEXT NOT NULL,
            data_source TEXT NOT NULL,
            competency TEXT NOT NULL,
            length_bucket TEXT NOT NULL,
            total_tokens INTEGER NOT NULL,
            memory_tokens INTEGER NOT NULL,
            tool_calls INTEGER NOT NULL,
            tool_successes INTEGER NOT NULL,
            problems INTEGER NOT NULL,
            PRIMARY KEY (run_id, agent, instance)
        );
        CREATE TABLE summaries (
            run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
            agent TEXT NOT NULL,
            dimension TEXT NOT NULL,
            value TEXT NOT NULL,
            metric TEXT NOT NULL,
            mean REAL NOT NULL,
            low REAL NOT NULL,
            high REAL NOT NULL,
            instances INTEGER NOT NULL,
            questions INTEGER NOT NULL,
            PRIMARY KEY (run_id, agent, dimension, value, metric)
        );
        -- A run's results are contiguous (one transaction each): a rowid range finds them without an index, which
        -- would cost a B-tree insert per row.
        ALTER TABLE runs ADD COLUMN first_result INTEGER;
        ALTER TABLE runs ADD COLUMN last_result INTEGER;
        UPDATE runs SET first_result = (SELECT min(rowid) FROM results WHERE run_id = runs.id),
                        last_result = (SELECT max(rowid) FROM results WHERE run_id = runs.id);
        DROP INDEX IF EXISTS results_run;
        """,
    ]

    /// Brings the file to `version`, one migration per transaction; refuses a file newer than this memkit.
    package func migrate(to version: Int) throws(SQLiteError) {
        precondition(version >= 0 && version <= ScoreStore.migrations.count, "no such schema version")
        let current = try database.transaction { () throws(SQLiteError) in try database.userVersion() }
        if current > ScoreStore.schemaVersion {
            throw SQLiteError(code: SQLITE_ERROR, message: "the score store has schema version \(current), newer than "
                + "the \(ScoreStore.schemaVersion) this memkit reads; use a newer memkit", sql: "PRAGMA user_version",
                path: database.path)
        }
        var v = current
        while v < version {
            let step = v
            try database.transaction { () throws(SQLiteError) in
                // Another process may have migrated in the meantime.
                guard try database.userVersion() == step else { return }
                try database.execute(ScoreStore.migrations[step])
                try database.setUserVersion(step + 1)
            }
            v = try database.userVersion()
        }
    }

    /// Stores a whole evaluation in one transaction and returns the run id.
    /// - Complexity: one prepared insert per metric value; about 1M rows in a few seconds.
    @discardableResult
    public func store(_ report: EvaluationReport, info: RunInfo) throws(SQLiteError) -> Int64 {
        try database.transaction { () throws(SQLiteError) -> Int64 in try insert(report, info: info) }
    }

    /// Inserts a run's rows inside the caller's transaction and returns the run id.
    public func insert(_ report: EvaluationReport, info: RunInfo) throws(SQLiteError) -> Int64 {
        try database.prepare("""
            INSERT INTO runs (name, created_at, tool_version, git_commit, dataset_path, dataset_sha256, agent,
                              command_line) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
            """).run([.text(info.name), .text(info.createdAt), .text(info.toolVersion),
                      info.gitCommit.map { .text($0) } ?? .null, .text(report.datasetPath),
                      .text(report.datasetSHA256), report.agent.map { .text($0) } ?? .null,
                      .text(info.commandLine)])
        let run = database.lastInsertRowId
        // Rows of this run get rowids above the current maximum: the writer holds the lock until it commits.
        let firstBefore = try database.scalarInt("SELECT coalesce(max(rowid), 0) FROM results") ?? 0
        let result = try database.prepare("""
            INSERT INTO results (run_id, agent, instance, data_source, competency, length_bucket, question, metric,
                                 value, attribution) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
            """)
        let instance = try database.prepare("""
            INSERT INTO instances (run_id, agent, instance, data_source, competency, length_bucket, total_tokens,
                                   memory_tokens, tool_calls, tool_successes, problems)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
            """)
        for r in report.instances {
            try instance.run([.int(run), .text(r.agent), .text(r.instance), .text(r.dataSource),
                              .text(r.competency), .text(r.lengthBucket), .int(Int64(r.totalTokens)),
                              .int(Int64(r.memoryTokens)), .int(Int64(r.toolCalls)),
                              .int(Int64(r.toolSuccesses)), .int(Int64(r.problems.count))])
            try result.bind(1, .int(run))
            for (k, v) in [r.agent, r.instance, r.dataSource, r.competency, r.lengthBucket].enumerated() {
                try result.bind(Int32(k + 2), .text(v))
            }
            for q in r.questions {
                try result.bind(7, .text(q.id))
                try result.bind(10, q.attribution.map { .text($0.rawValue) } ?? .null)
                for (metric, value) in q.metricValues {
                    try result.bind(8, .text(metric))
                    try result.bind(9, .double(value))
                    try result.step()
                }
            }
        }
        try database.prepare("""
            UPDATE runs SET first_result = (SELECT min(rowid) FROM results WHERE rowid > ?2),
                            last_result = (SELECT max(rowid) FROM results) WHERE id = ?1
            """).run([.int(run), .int(firstBefore)])
        try storeSummaries(report.groups, run: run)
        return run
    }

    func storeSummaries(_ groups: [GroupSummary], run: Int64) throws(SQLiteError) {
        let summary = try database.prepare("""
            INSERT INTO summaries (run_id, agent, dimension, value, metric, mean, low, high, instances, questions)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
            """)
        for g in groups {
            for (metric, e) in g.metricEstimates {
                try summary.run([.int(run), .text(g.agent), .text(g.dimension), .text(g.value), .text(metric),
                                 .double(e.mean), .double(e.low), .double(e.high), .int(Int64(g.instances)),
                                 .int(Int64(g.questions))])
            }
        }
    }
}

extension QuestionResult {
    /// The stored metrics of a question, in a fixed order (only those it has).
    var metricValues: [(String, Double)] {
        var out: [(String, Double)] = []
        if let v = score?.value { out.append(("score", v)) }
        if let v = answerInContext { out.append(("answer_in_context", v)) }
        if let v = exactMatch { out.append(("exact_match", v)) }
        if let v = substringExactMatch { out.append(("substring_exact_match", v)) }
        if let v = f1 { out.append(("f1", v)) }
        return out
    }
}

extension GroupSummary {
    /// The estimates a group summary stores: the score and answer-in-context with intervals, memory size and the
    /// tool-success rate as points, and the attribution shares.
    var metricEstimates: [(String, Estimate)] {
        var out: [(String, Estimate)] = []
        if let score { out.append(("score", score)) }
        if let answerInContext { out.append(("answer_in_context", answerInContext)) }
        out.append(("memory_tokens", Estimate(mean: memoryTokens, low: memoryTokens, high: memoryTokens)))
        if let toolSuccessRate {
            out.append(("tool_success_rate", Estimate(mean: toolSuccessRate, low: toolSuccessRate, high: toolSuccessRate)))
        }
        let total = attribution.values.reduce(0, +)
        if total > 0 {
            for a in FailureAttribution.allCases {
                let share = Double(attribution[a] ?? 0) / Double(total)
                out.append(("attribution:" + a.rawValue, Estimate(mean: share, low: share, high: share)))
            }
        }
        return out
    }
}
