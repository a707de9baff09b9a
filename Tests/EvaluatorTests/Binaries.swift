import Foundation

/// The command-line tools built beside the test bundle, run as a user would.
enum Binaries {
    static let folder: URL = {
        var url = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        if url.lastPathComponent == "MacOS" || url.pathExtension == "xctest" { url.deleteLastPathComponent() }
        if !FileManager.default.isExecutableFile(atPath: url.appendingPathComponent("evalmem").path) {
            url.deleteLastPathComponent()
        }
        return url
    }()

    static func path(_ tool: String) -> String { folder.appendingPathComponent(tool).path }

    /// Starts `tool` with `arguments`; `stdout` captures standard output when given.
    static func launch(_ tool: String, _ arguments: [String], stdout: Pipe? = nil, stderr: Pipe? = nil) throws
        -> Process
    {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: path(tool))
        p.arguments = arguments
        if let stdout { p.standardOutput = stdout }
        if let stderr { p.standardError = stderr }
        try p.run()
        return p
    }

    /// Runs `tool` to the end: its exit status, standard output and standard error. `shell` wraps the call in
    /// `bash -c` with that prefix (for `ulimit`).
    static func run(_ tool: String, _ arguments: [String], shell prefix: String? = nil) throws
        -> (status: Int32, out: String, err: String)
    {
        let out = Pipe(), err = Pipe()
        let p: Process
        if let prefix {
            let quoted = ([path(tool)] + arguments).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }
            p = Process()
            p.executableURL = URL(fileURLWithPath: "/bin/bash")
            p.arguments = ["-c", prefix + " exec " + quoted.joined(separator: " ")]
            p.standardOutput = out
            p.standardError = err
            try p.run()
        } else {
            p = try launch(tool, arguments, stdout: out, stderr: err)
        }
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
    }
}
