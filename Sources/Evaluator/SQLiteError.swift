/// An error from SQLite, with its result code, its message and the SQL that failed.
public struct SQLiteError: Error, Sendable, Equatable, CustomStringConvertible {
    /// SQLite's (extended) result code.
    public var code: Int32
    /// SQLite's message, or ours for errors detected before calling SQLite.
    public var message: String
    /// The statement that failed, if any.
    public var sql: String?
    /// The database file.
    public var path: String

    /// Creates an error.
    public init(code: Int32, message: String, sql: String?, path: String) {
        self.code = code
        self.message = message
        self.sql = sql
        self.path = path
    }

    /// `path: message (SQLite code N) in: SQL`.
    public var description: String {
        var text = "\(path): \(message) (SQLite code \(code))"
        if let sql { text += " in: \(sql)" }
        return text
    }
}
