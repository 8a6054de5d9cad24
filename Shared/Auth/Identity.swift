/// The verified caller. Authorization (owner or admin) is the handler's decision (auth.md §2).
public struct Identity: Sendable, Equatable {
    /// The token's `sub`, e.g. `google-oauth2|100354044221813550027`.
    public let sub: String
    public let name: String?
    public let nickname: String?
    public let roles: [String]

    public init(sub: String, name: String?, nickname: String?, roles: [String]) {
        self.sub = sub
        self.name = name
        self.nickname = nickname
        self.roles = roles
    }

    /// Exact membership: `sysadmin` is not `admin` (a deliberate difference for jobs, auth.md §4).
    public var isAdmin: Bool { roles.contains("admin") }

    /// The roles as Python's `json.dumps` writes them (`["admin", "owner"]`); jobs stores and
    /// returns this text, and observatories search it (auth.md §3.6, §4).
    public var rolesJSON: String { PythonJSON.stringArray(roles) }

    /// The rule of projects and calendar: the record's owner or an admin may change it.
    public func isOwnerOrAdmin(ownerID: String) -> Bool {
        sub == ownerID || isAdmin
    }
}
