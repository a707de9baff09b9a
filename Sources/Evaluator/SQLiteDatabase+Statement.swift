import CSQLite

/// A value bound to, or read from, a SQL statement.
public enum SQLValue: Sendable, Equatable {
    /// SQL NULL.
    case null
    /// An integer.
    case int(Int64)
    /// A real number.
    case double(Double)
    /// Text.
    case text(String)

    /// The value as a double (integers converted), if numeric.
    public var doubleValue: Double? {
        switch self {
        case .int(let i): return Double(i)
        case .double(let d): return d
        default: return nil
        }
    }

    /// The value as text, if it is text.
    public var textValue: String? { if case .text(let s) = self { return s } else { return nil } }

    /// The value as an integer, if it is one.
    public var intValue: Int64? { if case .int(let i) = self { return i } else { return nil } }
}

/// A prepared statement, reusable with new bindings (the hot path of bulk inserts).
public final class SQLiteStatement {
    let database: SQLiteDatabase
    let handle: OpaquePointer
    /// The SQL text.
    public let sql: String

    init(_ database: SQLiteDatabase, _ sql: String) throws(SQLiteError) {
        var statement: OpaquePointer?
        let rc = sqlite3_prepare_v2(database.handle, sql, -1, &statement, nil)
        guard rc == SQLITE_OK, let statement else { throw database.error(rc, sql) }
        self.database = database
        self.handle = statement
        self.sql = sql
    }

    deinit { sqlite3_finalize(handle) }

    /// Binds `values` to the parameters `?1…?n`, runs the statement to completion and resets it.
    /// - Complexity: O(1) SQLite calls per value; no allocation for integers and doubles.
    public func run(_ values: [SQLValue]) throws(SQLiteError) {
        try bind(values)
        defer { sqlite3_reset(handle) }
        let rc = sqlite3_step(handle)
        guard rc == SQLITE_DONE || rc == SQLITE_ROW else { throw database.error(rc, sql) }
    }

    /// Binds `values` and returns every row.
    public func rows(_ values: [SQLValue] = []) throws(SQLiteError) -> [[SQLValue]] {
        try bind(values)
        defer { sqlite3_reset(handle) }
        var out: [[SQLValue]] = []
        while true {
            let rc = sqlite3_step(handle)
            if rc == SQLITE_DONE { return out }
            guard rc == SQLITE_ROW else { throw database.error(rc, sql) }
            out.append(row())
        }
    }

    func bind(_ values: [SQLValue]) throws(SQLiteError) {
        sqlite3_clear_bindings(handle)
        for (k, value) in values.enumerated() { try bind(Int32(k + 1), value) }
    }

    /// Binds one parameter (`?index`, from 1); it keeps its value across ``step()`` until bound again, so a bulk
    /// insert binds the fields it shares with the previous row only once.
    public func bind(_ index: Int32, _ value: SQLValue) throws(SQLiteError) {
        let rc: Int32
        switch value {
        case .null: rc = sqlite3_bind_null(handle, index)
        case .int(let v): rc = sqlite3_bind_int64(handle, index, v)
        case .double(let v): rc = sqlite3_bind_double(handle, index, v)
        case .text(let s):
            var text = s
            rc = text.withUTF8 { bytes in
                bytes.withMemoryRebound(to: CChar.self) {
                    sqlite3_bind_text(handle, index, $0.baseAddress, Int32($0.count), memkit_sqlite_transient())
                }
            }
        }
        guard rc == SQLITE_OK else { throw database.error(rc, sql) }
    }

    /// Runs the statement with its current bindings and resets it (bindings are kept).
    public func step() throws(SQLiteError) {
        defer { sqlite3_reset(handle) }
        let rc = sqlite3_step(handle)
        guard rc == SQLITE_DONE || rc == SQLITE_ROW else { throw database.error(rc, sql) }
    }
}

extension SQLiteDatabase {
    /// Prepares `sql` for repeated use.
    public func prepare(_ sql: String) throws(SQLiteError) -> SQLiteStatement { try SQLiteStatement(self, sql) }

    /// Runs `sql` once with `values` and returns its rows.
    public func query(_ sql: String, _ values: [SQLValue] = []) throws(SQLiteError) -> [[SQLValue]] {
        try prepare(sql).rows(values)
    }

    /// Runs `body` in one `BEGIN IMMEDIATE` transaction: committed when it returns, rolled back when it throws
    /// (a process killed inside leaves nothing of it, as SQLite's journal guarantees).
    public func transaction<T>(_ body: () throws(SQLiteError) -> T) throws(SQLiteError) -> T {
        try execute("BEGIN IMMEDIATE")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    /// The id of the last inserted row.
    public var lastInsertRowId: Int64 { sqlite3_last_insert_rowid(handle) }

    func error(_ rc: Int32, _ sql: String?) -> SQLiteError {
        SQLiteError(code: rc, message: String(cString: sqlite3_errmsg(handle)), sql: sql, path: path)
    }
}
