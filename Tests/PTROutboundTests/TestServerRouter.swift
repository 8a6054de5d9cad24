import Foundation
import Hummingbird
import PTROutbound

/// The routes the client is tested against.
func testServerRouter() -> Router<BasicRequestContext> {
    let router = Router()
    for method in [HTTPRequest.Method.get, .post, .put, .patch, .delete] {
        router.on("/echo", method: method) { request, _ -> Response in
            let body = try await request.body.collect(upTo: 1 << 20)
            let echo = Echo(
                method: request.method.rawValue,
                testHeader: request.headers[.init("X-Test")!],
                contentType: request.headers[.contentType],
                body: String(buffer: body)
            )
            return try JSONResponse(echo)
        }
    }
    router.head("/echo") { _, _ in Response(status: .ok, headers: [.init("X-Head")!: "yes"]) }
    router.get("/status/:code") { _, context -> Response in
        let code = try context.parameters.require("code", as: Int.self)
        return Response(status: .init(code: code), body: .init(byteBuffer: ByteBuffer(string: "status \(code)")))
    }
    router.get("/text") { _, _ in "this is not JSON" }
    router.get("/sleep/:ms") { _, context -> String in
        let milliseconds = try context.parameters.require("ms", as: Int.self)
        try await Task.sleep(for: .milliseconds(milliseconds))
        return "slept"
    }
    router.get("/bytes/:count") { _, context -> Response in
        let count = try context.parameters.require("count", as: Int.self)
        return Response(status: .ok, body: .init(byteBuffer: ByteBuffer(repeating: 0x61, count: count)))
    }
    // No Content-Length: the size is known only while the body streams in.
    router.get("/stream/:chunks") { _, context -> Response in
        let chunks = try context.parameters.require("chunks", as: Int.self)
        return Response(status: .ok, body: ResponseBody { writer in
            for _ in 0..<chunks {
                try await writer.write(ByteBuffer(repeating: 0x62, count: 64 * 1024))
            }
            try await writer.finish(nil)
        })
    }
    router.on("/redirect/:status", method: .post) { request, context -> Response in
        let status = try context.parameters.require("status", as: Int.self)
        return redirect(status: status, to: request.uri.query ?? "/echo")
    }
    router.get("/redirect/:status") { request, context -> Response in
        let status = try context.parameters.require("status", as: Int.self)
        return redirect(status: status, to: request.uri.query ?? "/echo")
    }
    router.get("/loop") { _, _ in redirect(status: 302, to: "/loop") }
    return router
}

struct Echo: Codable, Equatable {
    var method: String
    var testHeader: String?
    var contentType: String?
    var body: String
}

private func redirect(status: Int, to location: String) -> Response {
    Response(status: .init(code: status), headers: [.location: location.removingPercentEncoding ?? location])
}

private func JSONResponse(_ value: some Encodable) throws -> Response {
    let data = try JSONEncoder().encode(value)
    return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
}

/// The `OutboundError` that `operation` fails with, or nil when it succeeds (or fails otherwise).
func failure(of operation: () async throws -> some Any) async -> OutboundError? {
    do {
        _ = try await operation()
        return nil
    } catch {
        return error as? OutboundError
    }
}
