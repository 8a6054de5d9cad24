import PTRAuth
import Testing

@Suite("AuthConfiguration")
struct ConfigurationTests {
    @Test func everyFailureAnswersTheGatewayUnauthorized() {
        let failures: [AuthFailure] = [
            .missingCredentials, .malformedCredentials, .notConfigured, .signingKeysUnavailable,
            .invalidToken(.expired), .rolesUnavailable("x"),
        ]
        for failure in failures {
            #expect(failure.response.status == 401)
            #expect(failure.response.body == #"{"message":"Unauthorized"}"#)
            #expect(failure.response.headers["Access-Control-Allow-Origin"] == "*")
        }
    }
}
