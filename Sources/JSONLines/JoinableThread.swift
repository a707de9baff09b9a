#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A POSIX thread running one closure, for the project's producer threads (the pipelined gzip reader, a replay's
/// look-ahead): started with ``start(_:)``, waited for with ``join()``.
package struct JoinableThread: Sendable {
    #if canImport(Glibc)
    let handle: pthread_t
    #else
    let handle: pthread_t?
    #endif

    /// The closure handed to the new thread.
    final class Body: @unchecked Sendable {
        let run: @Sendable () -> Void
        init(_ run: @escaping @Sendable () -> Void) { self.run = run }
    }

    /// Starts a thread running `body`; `nil` if none could be started.
    package static func start(_ body: @escaping @Sendable () -> Void) -> JoinableThread? {
        let unmanaged = Unmanaged.passRetained(Body(body))
        #if canImport(Glibc)
        var handle = pthread_t()
        #else
        var handle: pthread_t?
        #endif
        let rc = pthread_create(&handle, nil, { raw in
            #if canImport(Glibc)
            let body = Unmanaged<Body>.fromOpaque(raw!).takeRetainedValue()
            #else
            let body = Unmanaged<Body>.fromOpaque(raw).takeRetainedValue()
            #endif
            body.run()
            return nil
        }, unmanaged.toOpaque())
        if rc != 0 {
            unmanaged.release()
            return nil
        }
        return JoinableThread(handle: handle)
    }

    /// Waits for the thread to end.
    package func join() {
        #if canImport(Glibc)
        pthread_join(handle, nil)
        #else
        if let handle { pthread_join(handle, nil) }
        #endif
    }
}
