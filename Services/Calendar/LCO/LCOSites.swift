/// Which LCO telescope is which Photon Ranch subsite (§5.2; constants in the original).
struct LCOSubsite: Sendable, Equatable {
    /// The LCO site code, a Photon Ranch WEMA: `mrc`.
    let wema: String
    let telescope: String
    /// `mrc1`.
    let subsite: String
}

struct LCOSites: Sendable {
    /// In import order: `mrc`, `aro`, `eco`, each WEMA's subsites in turn.
    let subsites: [LCOSubsite]

    static let photonRanch = LCOSites(subsites: [
        .init(wema: "mrc", telescope: "0m31", subsite: "mrc1"),
        .init(wema: "mrc", telescope: "0m61", subsite: "mrc2"),
        .init(wema: "aro", telescope: "0m3", subsite: "aro1"),
        .init(wema: "eco", telescope: "0m43", subsite: "eco1"),
        .init(wema: "eco", telescope: "0m28", subsite: "eco2"),
    ])

    func named(_ subsite: String) -> LCOSubsite? {
        subsites.first { $0.subsite == subsite }
    }

    func mapping(wema: String, telescope: String) -> LCOSubsite? {
        subsites.first { $0.wema == wema && $0.telescope == telescope }
    }
}
