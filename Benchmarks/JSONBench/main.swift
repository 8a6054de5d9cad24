// Times reading stored JSON documents into `JSONValue`, in-process, with Foundation's readers of the
// same text for reference. Run: swift run -c release JSONBench [decodes [name filter]]
import Foundation
import PTRCore

let decodes = CommandLine.arguments.dropFirst().first.flatMap(Int.init) ?? 50_000
/// Only the timings whose name contains this, e.g. to count one reader's instructions with perf stat.
let filter = CommandLine.arguments.dropFirst(2).first

/// A reservation as ptr-calendar stores it: the 13 keys `make bench` posts, sorted, then `last_modified`.
let event = #"""
    {"creator":"Bench User","creator_id":"auth0|bench","end":"2030-01-10T01:00:00Z","event_id":"bench-123",\#
    "origin":"PTR","project_id":"none#","project_priority":"standard","reservation_note":"",\#
    "reservation_type":"realtime","resourceId":"mrc1","site":"mrc1","start":"2030-01-10T00:00:00Z",\#
    "title":"Bench User","last_modified":"2029-12-01T10:20:30Z"}
    """#
/// A job document as ptr-jobs stores it: numbers, booleans and nesting as well as strings.
let job = #"""
    {"action":"expose","deviceInstance":"camera_1_1","deviceType":"camera",\#
    "optional_params":{"bin":1,"count":3,"dither":true,"filter":"Rp","note":null,"object_name":"M 31"},\#
    "required_params":{"exposures":[30,30,60.25],"image_type":"light","time":30.5},\#
    "site":"mrc","timestamp_ms":1735000000123,"ulid":"01HQ3Z5X8K2N4P6R8T0V2X4Z6B",\#
    "user_id":"auth0|bench","user_name":"Bench User","user_roles":["admin","observer"]}
    """#

/// Microseconds per call of `body`: the best of five rounds, each `decodes / 5` calls.
func measure(_ name: String, _ body: () throws -> Int) rethrows {
    guard filter.map(name.contains) ?? true else { return }
    let perRound = max(1, decodes / 5)
    var best = Double.infinity
    var checksum = 0
    for _ in 0..<5 {
        let start = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<perRound { checksum &+= try body() }
        best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e3 / Double(perRound))
    }
    let padded = name.padding(toLength: 44, withPad: " ", startingAt: 0)
    print(padded + String(format: "%7.2f µs   (%d decodes, checksum %d)", best, perRound * 5, checksum))
}

func count(_ value: JSONValue) -> Int { value.objectValue?.count ?? 0 }

for (name, text) in [("event", event), ("job", job)] {
    let data = Data(text.utf8)
    try measure("\(name): JSONValue.parse(String)") { count(try JSONValue.parse(text)) }
    try measure("\(name): JSONValue.parse(Data)") { count(try JSONValue.parse(data)) }
    try measure("\(name): JSONDecoder, JSONValue: Decodable") { count(try JSONDecoder().decode(JSONValue.self, from: data)) }
    try measure("\(name): JSONSerialization alone") {
        (try JSONSerialization.jsonObject(with: data) as? [String: Any])?.count ?? 0
    }
}
