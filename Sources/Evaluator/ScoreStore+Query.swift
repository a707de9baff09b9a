import CSQLite
import JSONLines

/// One stored run.
public struct RunRecord: Sendable, Equatable {
    /// The run id.
    public var id: Int64
    /// Its name.
    public var name: String
    /// When it was stored.
    public var createdAt: String
    /// The transcript's agent, `nil` for baselines only.
    public var agent: String?
    /// The dataset's sha256.
    public var datasetSHA256: String
}

/// One stored group estimate: an agent's metric over a group of instances.
public struct StoredSummary: Sendable, Equatable {
    /// The agent.
    public var agent: String
    /// The dimension (`data_source+length_bucket`, `competency`, `length_bucket`, `all`).
    public var dimension: String
    /// The group (`squad@30k`, …).
    public var value: String
    /// The metric (`score`, `answer_in_context`, `memory_tokens`, `tool_success_rate`, `attribution:…`).
    public var metric: String
    /// The estimate.
    public var estimate: Estimate
    /// Instances in the group.
    public var instances: Int
    /// Questions in the group.
    public var questions: Int

    /// The JSON form, as in the expectations files the CI gate compares with.
    public var json: JSONValue {
        ["agent": .string(agent), "dimension": .string(dimension), "value": .string(value), "metric": .string(metric),
         "mean": .double(estimate.mean), "low": .double(estimate.low), "high": .double(estimate.high),
         "instances": .int(Int64(instances)), "questions": .int(Int64(questions))]
    }
}

extension ScoreStore {
    /// Every run, oldest first.
    public func runs() throws(SQLiteError) -> [RunRecord] {
        try database.query("SELECT id, name, created_at, agent, dataset_sha256 FROM runs ORDER BY id").map { row in
            RunRecord(id: row[0].intValue ?? 0, name: row[1].textValue ?? "", createdAt: row[2].textValue ?? "",
                      agent: row[3].textValue, datasetSHA256: row[4].textValue ?? "")
        }
    }

    /// The run named by `text`: an id, or the newest run with that name; `nil` when there is none.
    public func run(named text: String) throws(SQLiteError) -> RunRecord? {
        let all = try runs()
        if let id = Int64(text), let run = all.first(where: { $0.id == id }) { return run }
        return all.last { $0.name == text }
    }

    /// The group estimates of a run, in a stable order. Runs stored before schema 2 have none stored; theirs are
    /// recomputed from the per-question results (score and answer-in-context, same bootstrap).
    public func summaries(run: Int64, samples: Int = 1000) throws(SQLiteError) -> [StoredSummary] {
        let stored = try database.query("""
            SELECT agent, dimension, value, metric, mean, low, high, instances, questions FROM summaries
            WHERE run_id = ?1 ORDER BY rowid
            """, [.int(run)]).map { row in
            StoredSummary(agent: row[0].textValue ?? "", dimension: row[1].textValue ?? "",
                          value: row[2].textValue ?? "", metric: row[3].textValue ?? "",
                          estimate: Estimate(mean: row[4].doubleValue ?? 0, low: row[5].doubleValue ?? 0,
                                             high: row[6].doubleValue ?? 0),
                          instances: Int(row[7].intValue ?? 0), questions: Int(row[8].intValue ?? 0))
        }
        if !stored.isEmpty { return stored }
        return try recomputedSummaries(run: run, samples: samples)
    }

    func recomputedSummaries(run: Int64, samples: Int) throws(SQLiteError) -> [StoredSummary] {
        // Rebuild minimal instance reports (questions with score and answer-in-context) in stored order.
        let rows = try database.query("""
            SELECT agent, instance, question, data_source, competency, length_bucket, metric, value, attribution
            FROM results WHERE rowid BETWEEN (SELECT first_result FROM runs WHERE id = ?1)
                                         AND (SELECT last_result FROM runs WHERE id = ?1) AND run_id = ?1
            ORDER BY rowid
            """, [.int(run)])
        var reports: [InstanceReport] = []
        var position: [String: Int] = [:]
        var questionIndex: [String: Int] = [:]
        for row in rows {
            let agent = row[0].textValue ?? "", instance = row[1].textValue ?? "", question = row[2].textValue ?? ""
            let key = agent + "\u{0}" + instance
            let r: Int
            if let known = position[key] {
                r = known
            } else {
                reports.append(InstanceReport(
                    agent: agent, instance: instance, dataSource: row[3].textValue ?? "",
                    competency: row[4].textValue ?? "", totalTokens: 0, rewardChunkTokens: 0,
                    lengthBucket: row[5].textValue ?? "", steps: [], memoryTokens: 0, questions: [], problems: []))
                r = reports.count - 1
                position[key] = r
            }
            let qKey = key + "\u{0}" + question
            let q: Int
            if let known = questionIndex[qKey] {
                q = known
            } else {
                reports[r].questions.append(QuestionResult(
                    id: question, type: "", abstain: false, response: nil, contextTokens: 0))
                q = reports[r].questions.count - 1
                questionIndex[qKey] = q
                reports[r].questions[q].attribution = row[8].textValue.flatMap(FailureAttribution.init(rawValue:))
            }
            let value = row[7].doubleValue
            switch row[6].textValue {
            case "score": reports[r].questions[q].score = value.map { .scored($0) }
            case "answer_in_context": reports[r].questions[q].answerInContext = value
            case "exact_match": reports[r].questions[q].exactMatch = value
            case "substring_exact_match": reports[r].questions[q].substringExactMatch = value
            case "f1": reports[r].questions[q].f1 = value
            default: break
            }
        }
        return Aggregation.summarize(reports, samples: samples).flatMap { g in
            g.metricEstimates.filter { $0.0 == "score" || $0.0 == "answer_in_context" }.map { metric, e in
                StoredSummary(agent: g.agent, dimension: g.dimension, value: g.value, metric: metric, estimate: e,
                              instances: g.instances, questions: g.questions)
            }
        }
    }

    /// Calls `body` with each per-question result row (with its run's name), in run and insertion order.
    /// - Complexity: streams the rows; memory stays flat.
    public func forEachResult(runs: [Int64]?, _ body: ([String: SQLValue]) throws -> Void) throws {
        let columns = ["run_id", "run_name", "agent", "instance", "question", "data_source", "competency",
                       "length_bucket", "metric", "value", "attribution"]
        var sql = """
            SELECT r.run_id, runs.name, r.agent, r.instance, r.question, r.data_source, r.competency, r.length_bucket,
                   r.metric, r.value, r.attribution
            FROM runs JOIN results r ON r.rowid BETWEEN runs.first_result AND runs.last_result AND r.run_id = runs.id
            """
        if let runs { sql += " WHERE runs.id IN (" + runs.map(String.init).joined(separator: ",") + ")" }
        sql += " ORDER BY runs.id, r.rowid"
        let statement = try database.prepare(sql)
        try statement.forEachRow { row in
            var record: [String: SQLValue] = [:]
            for (k, c) in columns.enumerated() { record[c] = row[k] }
            try body(record)
        }
    }
}

extension SQLiteStatement {
    /// Steps through the rows without collecting them.
    func forEachRow(_ body: ([SQLValue]) throws -> Void) throws {
        defer { sqlite3_reset(handle) }
        while true {
            let rc = sqlite3_step(handle)
            if rc == SQLITE_DONE { return }
            guard rc == SQLITE_ROW else { throw database.error(rc, sql) }
            try body(row())
        }
    }

    func row() -> [SQLValue] {
        let n = sqlite3_column_count(handle)
        var row: [SQLValue] = []
        row.reserveCapacity(Int(n))
        for i in 0..<n {
            switch sqlite3_column_type(handle, i) {
            case SQLITE_INTEGER: row.append(.int(sqlite3_column_int64(handle, i)))
            case SQLITE_FLOAT: row.append(.double(sqlite3_column_double(handle, i)))
            case SQLITE_NULL: row.append(.null)
            default: row.append(sqlite3_column_text(handle, i).map { .text(String(cString: $0)) } ?? .null)
            }
        }
        return row
    }
}
