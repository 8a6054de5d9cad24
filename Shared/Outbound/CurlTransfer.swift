import CCurl
import Foundation

/// One request/response exchange (a single redirect hop) on a curl easy handle.
///
/// Configured on the caller's task; from `CurlMultiLoop.submit` on, only the loop's thread
/// touches it (curl runs the body and header callbacks there) until `finish` resumes the caller.
final class CurlTransfer: @unchecked Sendable {
    typealias Outcome = Result<OutboundResponse, OutboundError>

    let handle: UnsafeMutableRawPointer
    private var requestHeaders: UnsafeMutablePointer<curl_slist>?
    private let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE))
    private let maxResponseBytes: Int
    private var responseHeaders = HTTPHeaders()
    private var responseBody: [UInt8] = []
    private var bodyOverflowed = false
    private var continuation: CheckedContinuation<Outcome, Never>?
    /// Set by `CurlMultiLoop.cancel`; read and written only under the loop's lock.
    var cancelRequested = false

    init(
        request: OutboundRequest,
        connectTimeout: Duration,
        timeout: Duration,
        maxResponseBytes: Int,
        userAgent: String
    ) throws(OutboundError) {
        guard let handle = curl_easy_init() else {
            throw .transport("curl_easy_init failed")
        }
        self.handle = handle
        self.maxResponseBytes = maxResponseBytes
        errorBuffer.initialize(to: 0)

        ptr_curl_set_string(handle, CURLOPT_URL, request.url)
        ptr_curl_set_string(handle, CURLOPT_PROTOCOLS_STR, "http,https")
        ptr_curl_set_long(handle, CURLOPT_FOLLOWLOCATION, 0)  // redirects go through RedirectPolicy
        ptr_curl_set_long(handle, CURLOPT_SSL_VERIFYPEER, 1)
        ptr_curl_set_long(handle, CURLOPT_SSL_VERIFYHOST, 2)
        ptr_curl_set_long(handle, CURLOPT_NOSIGNAL, 1)  // signals and threads do not mix
        ptr_curl_set_long(handle, CURLOPT_CONNECTTIMEOUT_MS, connectTimeout.wholeMilliseconds)
        ptr_curl_set_long(handle, CURLOPT_TIMEOUT_MS, timeout.wholeMilliseconds)
        // Refuses early when Content-Length announces too much; the body callback covers the rest.
        ptr_curl_set_offset(handle, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(maxResponseBytes))
        ptr_curl_set_string(handle, CURLOPT_ACCEPT_ENCODING, "")  // every encoding curl can decode
        ptr_curl_set_string(handle, CURLOPT_USERAGENT, userAgent)
        ptr_curl_set_pointer(handle, CURLOPT_ERRORBUFFER, errorBuffer)

        try setMethodAndBody(request.method, request.body)
        try setHeaders(request.headers)
        installCallbacks()
    }

    deinit {
        curl_easy_cleanup(handle)
        curl_slist_free_all(requestHeaders)
        errorBuffer.deallocate()
    }

    /// Called by the loop (under its lock) before the transfer is handed to curl.
    func prepare(resuming continuation: CheckedContinuation<Outcome, Never>) {
        self.continuation = continuation
    }

    /// Resumes the caller with the result of a transfer curl has finished.
    func finish(_ code: CURLcode) {
        resume(outcome(for: code))
    }

    /// Resumes the caller without a response (cancelled, shut down).
    func finish(_ error: OutboundError) {
        resume(.failure(error))
    }

    private func resume(_ outcome: Outcome) {
        continuation?.resume(returning: outcome)
        continuation = nil
    }

    // MARK: Request setup

    private func setMethodAndBody(_ method: HTTPMethod, _ body: [UInt8]?) throws(OutboundError) {
        switch method {
        case .get where body == nil:
            ptr_curl_set_long(handle, CURLOPT_HTTPGET, 1)
        case .head:
            ptr_curl_set_long(handle, CURLOPT_NOBODY, 1)
        case .post:
            ptr_curl_set_long(handle, CURLOPT_POST, 1)
            setBody(body ?? [])
        default:
            guard method.rawValue.allSatisfy({ $0.isLetter }) else {
                throw .invalidRequest("method \(method) is not a token")
            }
            ptr_curl_set_string(handle, CURLOPT_CUSTOMREQUEST, method.rawValue)
            if let body { setBody(body) }
        }
    }

    private func setBody(_ body: [UInt8]) {
        ptr_curl_set_offset(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count))
        if body.isEmpty {
            ptr_curl_set_string(handle, CURLOPT_COPYPOSTFIELDS, "")
        } else {
            body.withUnsafeBytes { bytes in
                _ = ptr_curl_set_pointer(handle, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: bytes.baseAddress))
            }
        }
    }

    private func setHeaders(_ headers: HTTPHeaders) throws(OutboundError) {
        var lines: [String] = []
        for (name, value) in headers {
            // Unicode scalars, not Characters: "\r\n" is one Character equal to neither "\r" nor "\n".
            guard !name.isEmpty, !name.unicodeScalars.contains(where: { $0 == ":" || $0.properties.isWhitespace }),
                !value.unicodeScalars.contains(where: { $0 == "\r" || $0 == "\n" })
            else {
                throw .invalidRequest("header \(name.debugDescription) cannot be sent")
            }
            // curl drops a header written `Name:`; `Name;` is how it sends one with an empty value.
            lines.append(value.isEmpty ? "\(name);" : "\(name): \(value)")
        }
        if !headers.contains("Expect") {
            lines.append("Expect:")  // no `100-continue` round trip before large bodies
        }
        for line in lines {
            requestHeaders = curl_slist_append(requestHeaders, line)
        }
        ptr_curl_set_pointer(handle, CURLOPT_HTTPHEADER, requestHeaders)
    }

    private func installCallbacks() {
        let context = Unmanaged.passUnretained(self).toOpaque()
        ptr_curl_set_pointer(handle, CURLOPT_WRITEDATA, context)
        ptr_curl_set_callback(handle, CURLOPT_WRITEFUNCTION) { bytes, size, count, context in
            let transfer = Unmanaged<CurlTransfer>.fromOpaque(context!).takeUnretainedValue()
            return transfer.receiveBody(UnsafeRawBufferPointer(start: bytes, count: size * count))
        }
        ptr_curl_set_pointer(handle, CURLOPT_HEADERDATA, context)
        ptr_curl_set_callback(handle, CURLOPT_HEADERFUNCTION) { bytes, size, count, context in
            let transfer = Unmanaged<CurlTransfer>.fromOpaque(context!).takeUnretainedValue()
            transfer.receiveHeaderLine(UnsafeRawBufferPointer(start: bytes, count: size * count))
            return size * count
        }
    }

    // MARK: Response

    /// Returning fewer bytes than offered makes curl abort the transfer (CURLE_WRITE_ERROR).
    private func receiveBody(_ bytes: UnsafeRawBufferPointer) -> Int {
        guard responseBody.count + bytes.count <= maxResponseBytes else {
            bodyOverflowed = true
            return 0
        }
        responseBody.append(contentsOf: bytes)
        return bytes.count
    }

    /// curl passes one header line per call, the status line of every response included
    /// (a `100 Continue` comes before the real one), so a status line starts the list afresh.
    private func receiveHeaderLine(_ bytes: UnsafeRawBufferPointer) {
        let line = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        if line.hasPrefix("HTTP/") {
            responseHeaders = HTTPHeaders()
        } else if let colon = line.firstIndex(of: ":") {
            let name = String(line[..<colon])
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            responseHeaders.add(name: name, value: value)
        }
    }

    private func outcome(for code: CURLcode) -> Outcome {
        if bodyOverflowed || code == CURLE_FILESIZE_EXCEEDED {
            return .failure(.responseTooLarge(limit: maxResponseBytes))
        }
        guard code == CURLE_OK else {
            return .failure(error(for: code))
        }
        var status: CLong = 0
        ptr_curl_get_long(handle, CURLINFO_RESPONSE_CODE, &status)
        return .success(OutboundResponse(status: Int(status), headers: responseHeaders, body: responseBody))
    }

    private func error(for code: CURLcode) -> OutboundError {
        let detail = errorBuffer.pointee == 0 ? String(cString: curl_easy_strerror(code)) : String(cString: errorBuffer)
        switch code {
        case CURLE_OPERATION_TIMEDOUT:
            return .timeout
        case CURLE_COULDNT_RESOLVE_HOST:
            return .hostNotFound(detail)
        case CURLE_COULDNT_CONNECT:
            var osError: CLong = 0
            ptr_curl_get_long(handle, CURLINFO_OS_ERRNO, &osError)
            return osError == ECONNREFUSED ? .connectionRefused(detail) : .connectionFailed(detail)
        case CURLE_URL_MALFORMAT, CURLE_UNSUPPORTED_PROTOCOL:
            return .invalidURL(detail)
        case CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CONNECT_ERROR, CURLE_SSL_CACERT_BADFILE,
            CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER:
            return .tlsFailure(detail)
        case CURLE_SEND_ERROR, CURLE_RECV_ERROR, CURLE_GOT_NOTHING, CURLE_PARTIAL_FILE:
            return .connectionFailed(detail)
        default:
            return .transport(detail)
        }
    }
}

extension Duration {
    /// Whole milliseconds, at least 1 (curl reads 0 as "no timeout").
    var wholeMilliseconds: CLong {
        let (seconds, attoseconds) = components
        return max(1, CLong(seconds) * 1000 + CLong(attoseconds / 1_000_000_000_000_000))
    }
}
