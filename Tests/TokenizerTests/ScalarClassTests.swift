import Testing
@testable import Tokenizer

@Suite struct ScalarClassTests {
    /// The committed runs (`ScalarClassRuns.swift`) are what the standard library's Unicode properties give on
    /// this toolchain; regenerate them with `scripts/gen_scalar_class_runs.sh` when this fails after a Swift update.
    @Test func committedRunsMatchTheStandardLibrary() {
        #expect(ScalarClass.runs == ScalarClass.computeRuns())
    }

    /// The table built from the runs holds each run's flags from its start up to the next run's start (the last run
    /// up to the table's end).
    @Test func tableExpandsTheRuns() {
        let table = ScalarClass.shared.table
        let runs = ScalarClass.runs
        #expect(runs.first == 0)
        var mismatches = 0
        for (k, run) in runs.enumerated() {
            let end = k + 1 < runs.count ? Int(runs[k + 1] >> 8) : ScalarClass.tableLimit
            for v in Int(run >> 8)..<end where table[v] != UInt8(truncatingIfNeeded: run) { mismatches += 1 }
        }
        #expect(mismatches == 0)
    }
}
