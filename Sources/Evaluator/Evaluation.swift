import DatasetFormat
import Dispatch
import JSONLines
import MemorySim
import Synchronization

/// Everything that shapes an evaluation besides its inputs.
public struct EvaluationOptions: Sendable {
    /// Baselines computed beside the agent, on the same instances.
    public var baselines: [Baseline] = Baseline.allCases
    /// Their parameters.
    public var baselineOptions = Baseline.Options()
    /// Length buckets.
    public var buckets = LengthBuckets()
    /// The wording of the reader's context.
    public var template: ContextTemplate = .standard
    /// Bootstrap resamples per interval.
    public var bootstrapSamples = 1000
    /// Count text holding a special token as 0 tokens, as Mem-α's `count_tokens` does (off: count it normally).
    public var memAlphaCountTokens = false
    /// Refuse a transcript whose header names a dataset sha256 other than the file's.
    public var checkDatasetHash = true
    /// Replays (an agent on an instance) run at once; the output does not depend on it.
    public var jobs = 2

    /// The defaults: all five baselines, Mem-α's parameters.
    public init() {}
}

/// The result of evaluating a transcript (and the baselines) on a dataset.
public struct EvaluationReport: Sendable {
    /// The transcript's agent, `nil` when only baselines ran.
    public var agent: String?
    /// The dataset path.
    public var datasetPath: String
    /// The dataset file's SHA-256.
    public var datasetSHA256: String
    /// One report per agent and instance: the agent's first, then each baseline's, per instance in dataset order.
    public var instances: [InstanceReport]
    /// Dataset instances the transcript has no events for; they are left out for every agent.
    public var skippedInstances: [String]
    /// The summaries.
    public var groups: [GroupSummary]

    /// Problems per kind over the agent's instances.
    public var problemCounts: [String: Int] {
        var counts: [String: Int] = [:]
        for r in instances where r.agent == agent { for p in r.problems { counts[p.kind, default: 0] += 1 } }
        return counts
    }
}

/// Replays transcripts and baselines on a dataset and scores them.
public enum Evaluation {
    /// Evaluates `transcript` (when given) and `options.baselines` on the dataset at `datasetPath`. Only the
    /// instances the transcript has events for are evaluated (all of them without a transcript). The dataset is
    /// streamed; one instance is in memory at a time.
    ///
    /// - Throws: ``EvaluationError`` `mismatch` when the header's sha256 differs from the file's or the transcript
    ///   names an instance the dataset lacks; `unreadable`/`invalid` for bad files.
    public static func run(transcript: Transcript?, datasetPath: String, options: EvaluationOptions = EvaluationOptions(),
                           progress: ((Int) -> Void)? = nil) throws(EvaluationError) -> EvaluationReport {
        let sha: String
        do {
            sha = datasetPath == "-" ? "" : try SHA256.file(path: datasetPath)
        } catch {
            throw EvaluationError(error)
        }
        if let expected = transcript?.header.datasetSHA256, options.checkDatasetHash, !sha.isEmpty,
           expected.lowercased() != sha {
            throw EvaluationError(.mismatch, "the transcript was made on a dataset with sha256 \(expected), but this "
                + "file's is \(sha); pass the dataset it was made on (or --no-check-hash)", path: datasetPath)
        }
        var scripts: [String: Transcript.Script] = [:]
        for s in transcript?.scripts ?? [] { scripts[s.instance] = s }
        var seen = Set<String>()
        var reports: [InstanceReport] = []
        var skipped: [String] = []
        let reader: InstanceReader
        do {
            reader = try InstanceReader(path: datasetPath)
        } catch {
            throw EvaluationError(error)
        }
        // Instances are read in windows; every (instance, agent) pair of a window is one task, run on up to
        // `jobs` threads, and the reports are appended in dataset and agent order.
        var window: [Task] = []
        let windowInstances = max(1, options.jobs) * 2
        var pending = 0
        var done = 0
        func flush() throws(EvaluationError) {
            reports += try evaluate(window, options: options)
            done += pending
            progress?(done)
            window = []
            pending = 0
        }
        while true {
            let next: (Instance, Int)?
            do { next = try reader.next() } catch { throw EvaluationError(error) }
            guard let (instance, _) = next else { break }
            if let transcript {
                guard let script = scripts[instance.id] else {
                    skipped.append(instance.id)
                    continue
                }
                seen.insert(instance.id)
                window.append(Task(agent: transcript.header.agent, script: script,
                                   reader: transcript.header.reader ?? ReaderSettings(), instance: instance))
            }
            // The oracle needs evidence spans; imported data may have none.
            let hasEvidence = instance.questions.contains { !$0.evidence.isEmpty }
            for baseline in options.baselines where baseline != .oracle || hasEvidence {
                window.append(Task(agent: baseline.rawValue,
                                   script: baseline.script(for: instance, options: options.baselineOptions),
                                   reader: baseline.reader(options.baselineOptions), instance: instance))
            }
            pending += 1
            if pending >= windowInstances { try flush() }
        }
        if pending > 0 { try flush() }
        if let transcript {
            let unknown = transcript.scripts.map(\.instance).filter { !seen.contains($0) }
            if let first = unknown.first {
                throw EvaluationError(.mismatch, "the transcript has events for \(unknown.count) instance(s) the "
                    + "dataset does not hold, the first is '\(first)'; is it the dataset the agent read?",
                    path: datasetPath, instance: first)
            }
        }
        return EvaluationReport(agent: transcript?.header.agent, datasetPath: datasetPath, datasetSHA256: sha,
                                instances: reports, skippedInstances: skipped,
                                groups: Aggregation.summarize(reports, samples: options.bootstrapSamples))
    }

    /// One agent on one instance.
    struct Task: Sendable {
        var agent: String
        var script: Transcript.Script
        var reader: ReaderSettings
        var instance: Instance
    }

    /// Replays and scores each task, up to `options.jobs` at a time, and returns the reports in task order.
    static func evaluate(_ tasks: [Task], options: EvaluationOptions) throws(EvaluationError) -> [InstanceReport] {
        let results = Mutex<[Result<InstanceReport, EvaluationError>?]>(Array(repeating: nil, count: tasks.count))
        let next = Atomic<Int>(0)
        let workers = max(1, min(options.jobs, tasks.count))
        // A replay analyses its calls' texts ahead on a second thread when there is a processor to spare for it.
        let lookahead = 2 * workers <= CallPipeline.processors
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while true {
                let k = next.wrappingAdd(1, ordering: .relaxed).oldValue
                guard k < tasks.count else { return }
                let task = tasks[k]
                let outcome: Result<InstanceReport, EvaluationError>
                do throws(EvaluationError) {
                    var replay = try Replay.run(task.script, instance: task.instance,
                                                specialTokenTextCountsZero: options.memAlphaCountTokens,
                                                lookahead: lookahead)
                    outcome = .success(replay.report(instance: task.instance, agent: task.agent, reader: task.reader,
                                                     template: options.template, buckets: options.buckets))
                } catch {
                    outcome = .failure(error)
                }
                results.withLock { $0[k] = outcome }
            }
        }
        var reports: [InstanceReport] = []
        for result in results.withLock({ $0 }) {
            switch result {
            case .success(let report)?: reports.append(report)
            case .failure(let error)?: throw error
            case nil: throw EvaluationError(.invalid, "an evaluation task did not run")
            }
        }
        return reports
    }
}
