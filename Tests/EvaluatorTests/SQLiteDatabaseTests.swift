import Foundation
import Testing
@testable import Evaluator

@Suite struct SQLiteDatabaseTests {
    func temporaryPath() -> String {
        NSTemporaryDirectory() + "memkit-sqlite-\(UUID().uuidString).sqlite"
    }

    @Test func userVersionPersistsAcrossConnections() throws {
        let path = temporaryPath()
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        do {
            let db = try SQLiteDatabase(path: path)
            #expect(try db.userVersion() == 0)
            try db.execute("CREATE TABLE t(x INTEGER); INSERT INTO t VALUES (41), (1);")
            try db.setUserVersion(3)
        }
        let again = try SQLiteDatabase(path: path)
        #expect(try again.userVersion() == 3)
        #expect(try again.scalarInt("SELECT sum(x) FROM t") == 42)
    }

    @Test func errorsCarryCodeMessageAndSQL() throws {
        let db = try SQLiteDatabase(path: ":memory:")
        let sql = "SELECT * FROM no_such_table"
        do {
            try db.execute(sql)
            Issue.record("expected an error")
        } catch {
            #expect(error.sql == sql)
            #expect(error.message.contains("no_such_table"))
            #expect(error.code == 1)  // SQLITE_ERROR
            #expect(error.description.contains("SQLite code 1"))
        }
    }

    @Test func refusesADirectory() {
        #expect(throws: SQLiteError.self) { try SQLiteDatabase(path: NSTemporaryDirectory()) }
    }
}
