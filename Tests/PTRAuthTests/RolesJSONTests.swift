import PTRAuth
import Testing

/// `rolesJSON` must equal Python's `json.dumps(roles)` byte for byte (auth.md §4).
@Suite("rolesJSON")
struct RolesJSONTests {
    @Test(arguments: [
        ([], "[]"),
        (["admin"], #"["admin"]"#),
        (["admin", "owner"], #"["admin", "owner"]"#),
        (["Zoë"], #"["Zo\u00eb"]"#),
        (["🚀"], #"["\ud83d\ude80"]"#),
        (["a\"b\\c"], #"["a\"b\\c"]"#),
        (["line\nbreak\ttab\r\u{8}\u{c}"], #"["line\nbreak\ttab\r\b\f"]"#),
        (["\u{1}\u{7f}"], #"["\u0001\u007f"]"#),
    ])
    func matchesPythonJSONDumps(roles: [String], expected: String) {
        #expect(Identity(sub: "s", name: nil, nickname: nil, roles: roles).rolesJSON == expected)
    }
}
