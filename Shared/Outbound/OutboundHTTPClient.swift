/// An async HTTP client on libcurl, shared by every outbound call of a service
/// (Auth0 userinfo, LCO schedules, calls to other services).
///
/// Create one per process and keep it; each instance owns one curl thread (see `CurlMultiLoop`).
/// Redirects are followed only within the first request's origin; TLS peers are always verified.
public final class OutboundHTTPClient: Sendable {
    public struct Configuration: Sendable {
        public var connectTimeout: Duration
        /// Total time for one `execute`, redirects included.
        public var timeout: Duration
        /// Larger bodies fail with `OutboundError.responseTooLarge`.
        public var maxResponseBytes: Int
        public var maxRedirects: Int
        public var userAgent: String

        public init(
            connectTimeout: Duration = .seconds(5),
            timeout: Duration = .seconds(10),
            maxResponseBytes: Int = 10 << 20,
            maxRedirects: Int = 5,
            userAgent: String = "photonranch-backend"
        ) {
            self.connectTimeout = connectTimeout
            self.timeout = timeout
            self.maxResponseBytes = maxResponseBytes
            self.maxRedirects = maxRedirects
            self.userAgent = userAgent
        }
    }

    public let configuration: Configuration
    private let loop = CurlMultiLoop()

    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    deinit {
        loop.shutdown()
    }

    /// Fails requests still in flight with `.shutDown` and stops the curl thread.
    public func shutdown() {
        loop.shutdown()
    }

    public func execute(_ request: OutboundRequest) async throws(OutboundError) -> OutboundResponse {
        let origin = try Origin(validating: request.url)
        let deadline = ContinuousClock.now + (request.timeout ?? configuration.timeout)
        var hop = request
        for _ in 0...configuration.maxRedirects {
            let response = try await send(hop, deadline: deadline)
            guard let next = try RedirectPolicy.nextRequest(after: response, to: hop, within: origin) else {
                return response
            }
            hop = next
        }
        throw .tooManyRedirects(limit: configuration.maxRedirects)
    }

    public func get(_ url: String, headers: HTTPHeaders = [:]) async throws(OutboundError) -> OutboundResponse {
        try await execute(OutboundRequest(method: .get, url: url, headers: headers))
    }

    public func post(_ url: String, body: [UInt8], headers: HTTPHeaders = [:]) async throws(OutboundError) -> OutboundResponse {
        try await execute(OutboundRequest(method: .post, url: url, headers: headers, body: body))
    }

    /// POSTs `value` as JSON.
    public func post(_ url: String, json value: some Encodable, headers: HTTPHeaders = [:]) async throws(OutboundError) -> OutboundResponse {
        try await execute(OutboundRequest.json(.post, url: url, body: value, headers: headers))
    }

    /// One hop: no redirect handling here. Suspends the caller until the curl thread is done.
    private func send(_ request: OutboundRequest, deadline: ContinuousClock.Instant) async throws(OutboundError) -> OutboundResponse {
        let remaining = deadline - .now
        guard remaining > .zero else { throw .timeout }
        guard !Task.isCancelled else { throw .cancelled }

        let transfer = try CurlTransfer(
            request: request,
            connectTimeout: min(request.connectTimeout ?? configuration.connectTimeout, remaining),
            timeout: remaining,
            maxResponseBytes: request.maxResponseBytes ?? configuration.maxResponseBytes,
            userAgent: configuration.userAgent
        )
        let outcome = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                loop.submit(transfer, resuming: continuation)
            }
        } onCancel: {
            loop.cancel(transfer)
        }
        return try outcome.get()
    }
}
