import Foundation

/// A JSON value as Python's `json.loads` types it: a number token with `.`, `e` or `E` is a
/// float, any other an int. The shared JSON type folds `2.0` into `2`, so the observatory's
/// view has to be read from the raw text.
public indirect enum PythonValue: Equatable, Sendable {
    case none, bool(Bool), int(String), float(Double), str(String), list([PythonValue]), dict([String: PythonValue])

    public static func loads(_ text: String) throws -> PythonValue {
        var parser = Parser(scalars: Array(text.unicodeScalars))
        let value = try parser.value()
        parser.skipSpace()
        guard parser.index == parser.scalars.count else { throw Parser.Failure(index: parser.index) }
        return value
    }

    struct Parser {
        struct Failure: Error { let index: Int }
        let scalars: [Unicode.Scalar]
        var index = 0

        mutating func skipSpace() {
            while index < scalars.count, [" ", "\n", "\r", "\t"].contains(scalars[index]) { index += 1 }
        }

        mutating func value() throws -> PythonValue {
            skipSpace()
            guard index < scalars.count else { throw Failure(index: index) }
            switch scalars[index] {
            case "{":
                index += 1
                var dict: [String: PythonValue] = [:]
                skipSpace()
                if scalars[index] == "}" { index += 1; return .dict(dict) }
                while true {
                    skipSpace()
                    guard case .str(let key) = try value() else { throw Failure(index: index) }
                    skipSpace()
                    try expect(":")
                    dict[key] = try value()
                    skipSpace()
                    if scalars[index] == "}" { index += 1; return .dict(dict) }
                    try expect(",")
                }
            case "[":
                index += 1
                var list: [PythonValue] = []
                skipSpace()
                if scalars[index] == "]" { index += 1; return .list(list) }
                while true {
                    list.append(try value())
                    skipSpace()
                    if scalars[index] == "]" { index += 1; return .list(list) }
                    try expect(",")
                }
            case "\"": return .str(try string())
            case "t": try word("true"); return .bool(true)
            case "f": try word("false"); return .bool(false)
            case "n": try word("null"); return .none
            default:
                let start = index
                while index < scalars.count, "+-0123456789.eE".unicodeScalars.contains(scalars[index]) { index += 1 }
                let token = String(String.UnicodeScalarView(scalars[start..<index]))
                if token.contains(where: { ".eE".contains($0) }) {
                    guard let number = Double(token) else { throw Failure(index: start) }
                    return .float(number)
                }
                guard !token.isEmpty else { throw Failure(index: start) }
                return .int(token)
            }
        }

        mutating func string() throws -> String {
            // Delegates escapes to Foundation: find the closing quote, decode the literal.
            let start = index
            index += 1
            while scalars[index] != "\"" { index += scalars[index] == "\\" ? 2 : 1 }
            index += 1
            let literal = String(String.UnicodeScalarView(scalars[start..<index]))
            return try JSONDecoder().decode(String.self, from: Data(literal.utf8))
        }

        mutating func expect(_ scalar: Unicode.Scalar) throws {
            skipSpace()
            guard index < scalars.count, scalars[index] == scalar else { throw Failure(index: index) }
            index += 1
        }

        mutating func word(_ text: String) throws {
            for scalar in text.unicodeScalars { try expect(scalar) }
        }
    }
}

/// `validate_project_format` of `LCOGT/ptr-observatory:devices/sequencer_helpers.py:56-115`
/// (as cited in spec/projects.md §2.2): the problems that make the observatory refuse a project.
/// Shared by the projects tests and the end-to-end tests that check what the LCO import creates.
public enum ObservatoryValidator {
    enum Kind { case str, list, dict, int, number }

    static let topLevel: [(String, Kind)] = [
        ("project_name", .str), ("created_at", .str), ("expiry_date", .str), ("exposures", .list), ("project_constraints", .dict),
        ("project_creator", .dict), ("project_data", .list), ("project_note", .str), ("project_priority", .str), ("project_sites", .list),
        ("project_targets", .list), ("remaining", .list), ("scheduled_with_events", .list), ("start_date", .str), ("user_id", .str),
    ]
    static let exposureKeys: [(String, Kind)] = [
        ("angle", .number), ("count", .int), ("exposure", .number), ("filter", .str), ("imtype", .str), ("zoom", .str),
        ("offset_ra", .number), ("offset_dec", .number),
    ]
    static let targetKeys: [(String, Kind)] = [("name", .str), ("ra", .number), ("dec", .number)]

    public static func problems(_ text: String) throws -> [String] {
        guard case .dict(let project) = try PythonValue.loads(text) else { return ["not a dict"] }
        var problems = check(project, topLevel, "project")
        for key in ["exposures", "project_targets", "project_sites", "project_data", "remaining"] {
            if case .list(let list)? = project[key], list.isEmpty { problems.append("\(key) empty") }
        }
        if case .list(let exposures)? = project["exposures"] {
            for (n, exposure) in exposures.enumerated() {
                guard case .dict(let fields) = exposure else { problems.append("exposures[\(n)] not a dict"); continue }
                problems += check(fields, exposureKeys, "exposures[\(n)]")
            }
        }
        if case .list(let targets)? = project["project_targets"] {
            for (n, target) in targets.enumerated() {
                guard case .dict(let fields) = target else { problems.append("project_targets[\(n)] not a dict"); continue }
                problems += check(fields, targetKeys, "project_targets[\(n)]")
            }
        }
        return problems
    }

    private static func check(_ fields: [String: PythonValue], _ rules: [(String, Kind)], _ path: String) -> [String] {
        rules.compactMap { key, kind in
            guard let value = fields[key] else { return "\(path).\(key) missing" }
            return matches(value, kind) ? nil : "\(path).\(key) wrong type"
        }
    }

    private static func matches(_ value: PythonValue, _ kind: Kind) -> Bool {
        switch (kind, value) {
        case (.str, .str), (.list, .list), (.dict, .dict), (.int, .int), (.number, .int), (.number, .float): true
        default: false
        }
    }
}
