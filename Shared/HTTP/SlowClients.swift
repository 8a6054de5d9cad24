import Foundation
import Hummingbird
import Logging
import NIOCore
import NIOHTTP1
import NIOHTTPTypes
import PTRCore

/// Closes a connection whose client is too slow to send its request, so that clients that send half
/// a request cannot hold connections open: the head must be complete within `headerTimeout` of the
/// connection's opening, and a body may pause at most `bodyTimeout` between two pieces.
/// (Hummingbird's idle timeout closes kept-alive connections that start no new request.)
final class RequestReadTimeouts: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart

    enum Phase: String { case header, body }

    private let limits: ServiceConfiguration.HTTPLimits
    private let metrics: RequestMetrics
    private let logger: Logger
    /// What the client is expected to send next, and since when it has been silent.
    private var waitingFor: Phase? = .header
    private var lastRead = NIODeadline.now()
    private var timer: Scheduled<Void>?

    init(limits: ServiceConfiguration.HTTPLimits, metrics: RequestMetrics, logger: Logger) {
        self.limits = limits
        self.metrics = metrics
        self.logger = logger
    }

    func handlerAdded(context: ChannelHandlerContext) {
        lastRead = .now()
        schedule(context)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        lastRead = .now()
        switch unwrapInboundIn(data) {
        case .head:
            waitingFor = .body
            timer?.cancel()
            timer = nil
            schedule(context)
        case .body:
            break
        case .end:
            // The rest of the connection's life is Hummingbird's idle timeout's.
            waitingFor = nil
            timer?.cancel()
            timer = nil
        }
        context.fireChannelRead(data)
    }

    private func timeout(of phase: Phase) -> TimeAmount {
        TimeAmount(phase == .header ? limits.headerTimeout : limits.bodyTimeout)
    }

    /// One timer at a time: it fires at the earliest moment the client can be late and checks again
    /// then, so a body read in many pieces does not reschedule on every piece.
    private func schedule(_ context: ChannelHandlerContext) {
        guard timer == nil, let phase = waitingFor else { return }
        timer = context.eventLoop.assumeIsolated().scheduleTask(deadline: lastRead + timeout(of: phase)) {
            self.timer = nil
            guard let phase = self.waitingFor else { return }
            if NIODeadline.now() >= self.lastRead + self.timeout(of: phase) {
                self.logger.debug("closing a connection whose client is too slow", metadata: ["waiting_for": .string(phase.rawValue)])
                self.metrics.recordSlowClient(phase: phase.rawValue)
                context.close(promise: nil)
            } else {
                self.schedule(context)
            }
        }
    }
}

/// Thrown by a handler that noticed its client hang up (a long poll): the gateway logs it at debug
/// level and counts it, as it does a client that goes away mid-body.
public struct ClientWentAway: Error {
    public init() {}
}

/// Errors that only say the client went away before its request or answer was through.
enum ClientDisconnect {
    /// What the request log and metrics show for them (nginx's "client closed request").
    static let status = HTTPResponse.Status(code: 499, reasonPhrase: "Client Closed Request")

    static func isDisconnect(_ error: any Error) -> Bool {
        switch error {
        case is ClientWentAway, is HTTPParserError: true
        case let error as ChannelError: error == .ioOnClosedChannel || error == .eof || error == .outputClosed || error == .alreadyClosed
        case let error as IOError: [ECONNRESET, EPIPE].contains(error.errnoCode)
        default: false
        }
    }
}
