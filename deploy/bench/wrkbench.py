#!/usr/bin/env python3
"""Runs the wrk scenarios of one service (a JSON file beside this script) against a running binary
and prints requests/s, p50 and p99 latency per scenario, and each scenario's throughput as a ratio
to the plain /health route of the same binary, measured in the same run. With --pid it also prints
the server's own CPU time per request (from /proc) and its ratio to /health's: on a 2-core machine
shared with wrk and PostgreSQL, throughput measures the sharing as much as the service.

Scenario file: {"service", "setup": [request...], "scenarios": [{"name", "requests": [request...]}]}.
A request is {"method", "path", "body" (JSON or text), "headers"}; a setup request may also have
"repeat" (default 1), "may_fail" and "base" (another service's URL, e.g. "${CALENDAR_URL}").
A scenario with "report": false runs but is not printed (e.g. filling a queue for the next one);
"duration_factor" multiplies --duration for one scenario. A scenario may have "expect":
{"text": T, "min": K}: wrk then counts the responses whose body holds T fewer than K times (printed
as "short"), to show that the scenario measured what it claims.

Substitutions:
* ${NAME} anywhere in the file: the value of `--var NAME=VALUE` (JSON-escaped; for tokens, URLs, times).
* {n...} in a path or body: a counter, distinct for every request of a setup item (0..repeat-1) or of
  a wrk run (over all threads and connections). Forms: {n}, {n%MOD}, {n/DIV} (integer division),
  {n*MUL}, {n+ADD}, combined in that order ({n%200*3600+60}), and a format after a colon: {n:%08d}
  (printf) or {n*3600:iso} (UTC time YYYY-MM-DDTHH:MM:SSZ that many seconds after 2030-01-01T00:00:00Z).
"""
import argparse
import calendar
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.request

UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


COUNTER = re.compile(r"\{n(?:%(\d+))?(?:/(\d+))?(?:\*(\d+))?(?:\+(\d+))?(?::([^}]+))?\}")
EPOCH = calendar.timegm((2030, 1, 1, 0, 0, 0))


def expand(text, n):
    """`text` with its {n...} counters replaced for request number `n` (the Lua code below does the same)."""
    def one(match):
        mod, div, mul, add, form = match.groups()
        value = (n % int(mod) if mod else n) // int(div or 1) * int(mul or 1) + int(add or 0)
        if form == "iso":
            return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(EPOCH + value))
        return form % value if form else str(value)
    return COUNTER.sub(one, text)


def body_text(request):
    body = request.get("body")
    return None if body is None else (body if isinstance(body, str) else json.dumps(body))


def send(base, request, n=0):
    body = body_text(request)
    data = None if body is None else expand(body, n).encode()
    req = urllib.request.Request(request.get("base", base) + expand(request["path"], n), data=data,
                                 method=request["method"], headers=request.get("headers", {}))
    try:
        with urllib.request.urlopen(req, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


LUA_EXPAND = r"""
local epoch = %d
local function expand(s, n)
  return (s:gsub("{n(%%%%?%%d*)(/?%%d*)(%%*?%%d*)(%%+?%%d*):?([^}]*)}", function(mod, div, mul, add, form)
    local value = n
    if mod ~= "" then value = value %% tonumber(mod:sub(2)) end
    if div ~= "" then value = math.floor(value / tonumber(div:sub(2))) end
    if mul ~= "" then value = value * tonumber(mul:sub(2)) end
    if add ~= "" then value = value + tonumber(add:sub(2)) end
    if form == "iso" then return os.date("!%%Y-%%m-%%dT%%H:%%M:%%SZ", epoch + value) end
    if form ~= "" then return string.format(form, value) end
    return tostring(value)
  end))
end
""" % EPOCH


def lua_script(requests, threads, expect=None):
    """A wrk script cycling through `requests` on each connection; {n...} counters are expanded per
    request (thread t of T numbers its requests t, t+T, t+2T, ...)."""
    lines = ["local requests, dynamic = {}, {}", LUA_EXPAND]
    for index, request in enumerate(requests, start=1):
        body = body_text(request)
        lua_body = "nil" if body is None else json.dumps(body)
        headers = "{" + ", ".join(f"[{json.dumps(k)}] = {json.dumps(v)}" for k, v in request.get("headers", {}).items()) + "}"
        if COUNTER.search(request["path"]) or (body and COUNTER.search(body)):
            lines.append(f"dynamic[{index}] = {{{json.dumps(request['method'])}, {json.dumps(request['path'])}, {headers}, {lua_body}}}")
        else:
            lines.append(f"requests[{index}] = wrk.format({json.dumps(request['method'])}, {json.dumps(request['path'])}, {headers}, {lua_body})")
    lines += [
        f"local count, threads = {len(requests)}, {threads}",
        "local all_threads, next_id = {}, 0",
        "function setup(thread)",
        "  thread:set('thread_id', next_id)",
        "  next_id = next_id + 1",
        "  table.insert(all_threads, thread)",
        "end",
        "local n, k = 0, 0",
        "request = function()",
        "  n = n % count + 1",
        "  local d = dynamic[n]",
        "  if d == nil then return requests[n] end",
        "  local counter = k * threads + thread_id",
        "  k = k + 1",
        "  return wrk.format(d[1], expand(d[2], counter), d[3], d[4] and expand(d[4], counter))",
        "end",
    ]
    if expect:
        lines += [
            f"local text, min = {json.dumps(expect['text'])}, {int(expect['min'])}",
            "checked, short = 0, 0",
            "response = function(status, headers, body)",
            "  local found, at = 0, 1",
            "  while found < min do",
            "    local s, e = string.find(body, text, at, true)",
            "    if s == nil then break end",
            "    found, at = found + 1, e + 1",
            "  end",
            "  checked = checked + 1",
            "  if found < min then short = short + 1 end",
            "end",
            "function done(summary, latency, requests)",
            "  local c, s = 0, 0",
            "  for _, t in ipairs(all_threads) do c = c + t:get('checked'); s = s + t:get('short') end",
            "  io.write(string.format('Expect: checked %d short %d\\n', c, s))",
            "end",
        ]
    return "\n".join(lines) + "\n"


def parse(output):
    def latency(percent):
        match = re.search(rf"^\s*{percent}%\s+([\d.]+)(us|ms|s|m)\s*$", output, re.M)
        return float(match.group(1)) * UNITS_MS[match.group(2)] if match else float("nan")

    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    total = re.search(r"(\d+) requests in", output)
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    socket_errors = re.search(r"Socket errors:.*", output)
    expect = re.search(r"Expect: checked (\d+) short (\d+)", output)
    return {
        "expect": (int(expect.group(1)), int(expect.group(2))) if expect else None,
        "rps": float(rate.group(1)) if rate else 0.0,
        "requests": int(total.group(1)) if total else 0,
        "p50": latency(50),
        "p99": latency(99),
        "non2xx": int(errors.group(1)) if errors else 0,
        "socket_errors": socket_errors.group(0) if socket_errors else "",
    }


def cpu_ticks(pid):
    """User + system clock ticks that process `pid` has used."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def run_wrk(base, requests, duration, connections, threads, expect=None, pid=None):
    """wrk's figures, and with `pid` the server's own CPU per request in µs (from /proc: the share of
    the two cores that wrk and PostgreSQL take does not count)."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(lua_script(requests, threads, expect))
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--latency", "-s", script.name, base]
    before = cpu_ticks(pid) if pid else 0
    result = parse(subprocess.run(command, capture_output=True, text=True, check=True).stdout)
    if pid:
        # Requests still in flight when wrk stops are finished (and paid for) before the count ends.
        wait_until_idle(pid)
        ticks = cpu_ticks(pid) - before
        result["cpu_us"] = ticks / os.sysconf("SC_CLK_TCK") / max(result["requests"], 1) * 1e6
    return result


def wait_until_idle(pid, limit_s=60):
    """Waits until process `pid` uses under 10% of a core (wrk leaves requests the server still works
    on, which would otherwise slow the next scenario); returns the seconds waited."""
    started, tick = time.monotonic(), os.sysconf("SC_CLK_TCK")
    while time.monotonic() - started < limit_s:
        before = cpu_ticks(pid)
        time.sleep(0.2)
        if (cpu_ticks(pid) - before) / tick < 0.02:
            break
    return time.monotonic() - started


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("scenarios", help="JSON file of setup requests and scenarios")
    parser.add_argument("--base", required=True, help="http://127.0.0.1:PORT")
    parser.add_argument("--label", default="")
    parser.add_argument("--duration", type=int, default=8)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--pid", type=int, help="the server's process id: wait for it to go idle between scenarios")
    parser.add_argument("--var", action="append", default=[], metavar="NAME=VALUE", help="value of ${NAME} in the file")
    args = parser.parse_args()
    text = open(args.scenarios).read()
    for assignment in args.var:
        name, _, value = assignment.partition("=")
        text = text.replace("${" + name + "}", json.dumps(value)[1:-1])
    missing = re.search(r"\$\{\w+\}", text)
    if missing:
        sys.exit(f"{args.scenarios}: no --var for {missing.group(0)}")
    plan = json.loads(text)

    for request in plan.get("setup", []):
        for n in range(request.get("repeat", 1)):
            status = send(args.base, request, n)
            if status >= 300 and not request.get("may_fail"):
                sys.exit(f"setup {request['method']} {request['path']} answered {status}")

    results = [("/health", run_wrk(args.base, [{"method": "GET", "path": "/health"}], args.duration, args.connections, args.threads,
                                   pid=args.pid), 1)]
    for scenario in plan["scenarios"]:
        requests = scenario["requests"]
        duration = max(1, round(args.duration * scenario.get("duration_factor", 1)))
        if args.pid:
            waited = wait_until_idle(args.pid)
            if waited > 1:
                print(f"(waited {waited:.1f} s for the server to go idle before \"{scenario['name']}\")")
        result = run_wrk(args.base, requests, duration, args.connections, args.threads, scenario.get("expect"), args.pid)
        if scenario.get("report", True):
            results.append((scenario["name"], result, len(requests)))

    health_rps = results[0][1]["rps"]
    health_cpu = results[0][1].get("cpu_us")
    print(f"\n{plan['service']} {args.label} — wrk -c{args.connections} -t{args.threads} -d{args.duration}s")
    print(f"{'scenario':<34}{'req/s':>10}{'units/s':>10}{'p50 ms':>9}{'p99 ms':>9}{'vs /health':>12}{'non-2xx':>9}"
          + (f"{'cpu µs/req':>12}{'cpu vs /health':>16}" if health_cpu else ""))
    for name, result, per_unit in results:
        cpu = ""
        if health_cpu:
            cpu = f"{result['cpu_us']:>12.0f}{result['cpu_us'] / health_cpu:>16.2f}"
        print(f"{name:<34}{result['rps']:>10.0f}{result['rps'] / per_unit:>10.0f}{result['p50']:>9.2f}{result['p99']:>9.2f}"
              f"{result['rps'] / health_rps:>12.2f}{result['non2xx']:>9}{cpu}")
        if result["socket_errors"]:
            print(f"    {result['socket_errors']}")
        if result["expect"]:
            checked, short = result["expect"]
            print(f"    {short} of {checked} responses short of the expected content")


if __name__ == "__main__":
    main()
