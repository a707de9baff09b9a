import ArgumentParser

/// The `mkdataset` command: synthesizes datasets for memory agents.
@main
struct MKDataset: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mkdataset",
        abstract: "Synthesize deterministic datasets for LLM memory agents (gzip JSON Lines, schema memkit.instance/1).",
        discussion: """
            Exit codes: 0 success; 1 the data is invalid or a check failed; 3 an input could not be read;
            4 an output could not be written; 64 bad command-line usage.
            """,
        version: "0.1.0",
        subcommands: [Generate.self, Patterns.self, Validate.self, Import.self, Tokens.self, Demo.self],
        defaultSubcommand: Generate.self)
}
