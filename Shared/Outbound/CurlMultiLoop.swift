import CCurl
import Foundation

/// Runs every transfer of one client on a curl multi handle, driven by one dedicated thread.
///
/// Why one thread: the multi interface runs any number of transfers concurrently on a single
/// thread (non-blocking sockets plus `curl_multi_poll`), so no Swift concurrency or NIO thread
/// ever blocks on network I/O, and connections are reused across requests. Callers suspend on a
/// continuation; `submit` and `cancel` queue work under `lock` and wake the thread with
/// `curl_multi_wakeup`. Everything else (the multi handle, `running`) belongs to the thread.
final class CurlMultiLoop: @unchecked Sendable {
    private let multi: UnsafeMutableRawPointer
    private let lock = NSLock()
    // Guarded by `lock`.
    private var submitted: [CurlTransfer] = []
    private var cancelled: [CurlTransfer] = []
    private var stopping = false
    // Owned by the loop thread.
    private var running: [UnsafeMutableRawPointer: CurlTransfer] = [:]

    /// `curl_global_init` must run once, before any other curl call.
    private static let globalInit: Void = {
        curl_global_init(CLong(CURL_GLOBAL_DEFAULT))
    }()

    init() {
        _ = Self.globalInit
        multi = curl_multi_init()
        let thread = Thread { [self] in run() }
        thread.name = "ptr-outbound-curl"
        thread.start()
    }

    /// Hands `transfer` to curl; `continuation` is resumed once with its outcome.
    func submit(_ transfer: CurlTransfer, resuming continuation: CheckedContinuation<CurlTransfer.Outcome, Never>) {
        lock.withLock {
            transfer.prepare(resuming: continuation)
            if stopping {
                transfer.finish(.shutDown)
            } else {
                submitted.append(transfer)
                curl_multi_wakeup(multi)
            }
        }
    }

    /// Stops `transfer` if it is still running; safe to call before `submit` or after completion.
    func cancel(_ transfer: CurlTransfer) {
        lock.withLock {
            transfer.cancelRequested = true
            guard !stopping else { return }
            cancelled.append(transfer)
            curl_multi_wakeup(multi)
        }
    }

    /// Fails every transfer in flight with `.shutDown` and ends the thread.
    func shutdown() {
        lock.withLock {
            guard !stopping else { return }
            stopping = true
            curl_multi_wakeup(multi)
        }
    }

    private func run() {
        while true {
            let stop = takeQueuedWork()
            if stop {
                for (handle, transfer) in running {
                    curl_multi_remove_handle(multi, handle)
                    transfer.finish(.shutDown)
                }
                running.removeAll()
                lock.withLock { _ = curl_multi_cleanup(multi) }
                return
            }
            var stillRunning: Int32 = 0
            curl_multi_perform(multi, &stillRunning)
            completeFinishedTransfers()
            curl_multi_poll(multi, nil, 0, 1000, nil)
        }
    }

    /// Adds submitted transfers to curl and removes cancelled ones; returns whether to stop.
    private func takeQueuedWork() -> Bool {
        lock.withLock {
            for transfer in submitted {
                if transfer.cancelRequested {
                    transfer.finish(.cancelled)
                } else {
                    running[transfer.handle] = transfer
                    curl_multi_add_handle(multi, transfer.handle)
                }
            }
            for transfer in cancelled where running.removeValue(forKey: transfer.handle) != nil {
                curl_multi_remove_handle(multi, transfer.handle)
                transfer.finish(.cancelled)
            }
            submitted.removeAll()
            cancelled.removeAll()
            return stopping
        }
    }

    private func completeFinishedTransfers() {
        var queued: Int32 = 0
        while let message = curl_multi_info_read(multi, &queued) {
            guard message.pointee.msg == CURLMSG_DONE,
                let handle = message.pointee.easy_handle,
                let transfer = running.removeValue(forKey: handle)
            else { continue }
            let code = message.pointee.data.result
            curl_multi_remove_handle(multi, handle)
            transfer.finish(code)
        }
    }
}
