import CSQLite

/// A connection to a SQLite database file with the settings the score store relies on:
/// WAL journal, a busy timeout, and errors that carry the code, the message and the SQL.
public final class SQLiteDatabase {
    /// The file path (`:memory:` for an in-memory database).
    public let path: String
    let handle: OpaquePointer

    /// Opens (creating if needed) the database at `path`.
    /// - Parameter busyTimeoutMilliseconds: how long a writer waits for another process's lock.
    public init(path: String, busyTimeoutMilliseconds: Int32 = 10_000) throws(SQLiteError) {
        self.path = path
        var db: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX
        let rc = sqlite3_open_v2(path, &db, flags, nil)
        guard rc == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open database"
            if let db { sqlite3_close_v2(db) }
            throw SQLiteError(code: rc, message: message, sql: nil, path: path)
        }
        handle = db
        sqlite3_extended_result_codes(db, 1)
        sqlite3_busy_timeout(db, busyTimeoutMilliseconds)
        if path != ":memory:" { try execute("PRAGMA journal_mode=WAL") }
    }

    deinit { sqlite3_close_v2(handle) }

    /// The version of the SQLite library in use.
    public static var libraryVersion: String { String(cString: sqlite3_libversion()) }

    /// Runs one or more statements that return no rows of interest.
    public func execute(_ sql: String) throws(SQLiteError) {
        var errorText: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(handle, sql, nil, nil, &errorText)
        if rc != SQLITE_OK {
            let message = errorText.map { String(cString: $0) } ?? String(cString: sqlite3_errmsg(handle))
            sqlite3_free(errorText)
            throw SQLiteError(code: rc, message: message, sql: sql, path: path)
        }
    }

    /// Runs a query and returns the first column of the first row as an integer, or `nil` if there is no row.
    public func scalarInt(_ sql: String) throws(SQLiteError) -> Int64? {
        var statement: OpaquePointer?
        let rc = sqlite3_prepare_v2(handle, sql, -1, &statement, nil)
        guard rc == SQLITE_OK, let statement else {
            throw SQLiteError(code: rc, message: String(cString: sqlite3_errmsg(handle)), sql: sql, path: path)
        }
        defer { sqlite3_finalize(statement) }
        switch sqlite3_step(statement) {
        case SQLITE_ROW: return sqlite3_column_int64(statement, 0)
        case SQLITE_DONE: return nil
        case let code:
            throw SQLiteError(code: code, message: String(cString: sqlite3_errmsg(handle)), sql: sql, path: path)
        }
    }

    /// The schema version stored in the file header (`PRAGMA user_version`).
    public func userVersion() throws(SQLiteError) -> Int {
        Int(try scalarInt("PRAGMA user_version") ?? 0)
    }

    /// Sets `PRAGMA user_version`.
    public func setUserVersion(_ version: Int) throws(SQLiteError) {
        precondition(version >= 0, "user_version must be non-negative")
        try execute("PRAGMA user_version = \(version)")
    }
}
