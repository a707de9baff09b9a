#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A mutex with one condition variable, for the project's producer–consumer hand-overs (the pipelined gzip reader,
/// the dataset generator's workers). Both live at fixed addresses: a Swift stored property passed with `&` may be a
/// temporary copy, which would make the lock meaningless.
package final class Condition: @unchecked Sendable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private let cond: UnsafeMutablePointer<pthread_cond_t>

    package init() {
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
        cond = .allocate(capacity: 1)
        cond.initialize(to: pthread_cond_t())
        pthread_cond_init(cond, nil)
    }

    deinit {
        pthread_cond_destroy(cond)
        cond.deallocate()
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    /// Takes the mutex.
    package func lock() { pthread_mutex_lock(mutex) }

    /// Releases the mutex.
    package func unlock() { pthread_mutex_unlock(mutex) }

    /// Runs `body` holding the mutex.
    package func locked<T>(_ body: () -> T) -> T {
        lock()
        defer { unlock() }
        return body()
    }

    /// Waits for a broadcast (holding the mutex, in a loop over the awaited state).
    package func wait() { pthread_cond_wait(cond, mutex) }

    /// Wakes every waiter (holding the mutex).
    package func broadcast() { pthread_cond_broadcast(cond) }
}
