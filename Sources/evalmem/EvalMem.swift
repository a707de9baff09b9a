import ArgumentParser

/// The `evalmem` command: replays and scores memory-agent transcripts.
@main
struct EvalMem: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evalmem",
        abstract: "Evaluate LLM memory agents against memkit datasets.",
        discussion: """
            Exit codes: 0 success; 1 the data is invalid, a check failed, a transcript does not belong to its
            dataset, or --strict found problems; 3 an input could not be read; 4 an output could not be written;
            64 bad command-line usage.
            """,
        version: "0.1.0",
        subcommands: [Score.self, BaselineCommand.self, RewardCommand.self, Compare.self, Report.self, Export.self, ImportMemAlpha.self, Summary.self, Ops.self, StoreStress.self],
        defaultSubcommand: Score.self)
}
