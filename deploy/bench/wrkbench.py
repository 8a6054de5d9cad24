#!/usr/bin/env python3
"""Runs the wrk scenarios of one service (a JSON file beside this script) against a running binary
and prints requests/s, p50 and p99 latency per scenario, and each scenario's throughput as a ratio
to the plain /health route of the same binary, measured in the same run."""
import argparse
import json
import re
import subprocess
import sys
import tempfile
import urllib.request

UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def send(base, request):
    body = request.get("body")
    data = None if body is None else (body if isinstance(body, str) else json.dumps(body)).encode()
    req = urllib.request.Request(base + request["path"], data=data, method=request["method"], headers=request.get("headers", {}))
    try:
        with urllib.request.urlopen(req, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def lua_script(requests):
    """A wrk script cycling through `requests` on each connection."""
    lines = ["local requests = {}"]
    for index, request in enumerate(requests, start=1):
        body = request.get("body")
        body = "nil" if body is None else json.dumps(body if isinstance(body, str) else json.dumps(body))
        headers = "{" + ", ".join(f"[{json.dumps(k)}] = {json.dumps(v)}" for k, v in request.get("headers", {}).items()) + "}"
        lines.append(f"requests[{index}] = wrk.format({json.dumps(request['method'])}, {json.dumps(request['path'])}, {headers}, {body})")
    lines += [
        "local n = 0",
        "request = function()",
        "  n = n % #requests + 1",
        "  return requests[n]",
        "end",
    ]
    return "\n".join(lines) + "\n"


def parse(output):
    def latency(percent):
        match = re.search(rf"^\s*{percent}%\s+([\d.]+)(us|ms|s|m)\s*$", output, re.M)
        return float(match.group(1)) * UNITS_MS[match.group(2)] if match else float("nan")

    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    socket_errors = re.search(r"Socket errors:.*", output)
    return {
        "rps": float(rate.group(1)) if rate else 0.0,
        "p50": latency(50),
        "p99": latency(99),
        "non2xx": int(errors.group(1)) if errors else 0,
        "socket_errors": socket_errors.group(0) if socket_errors else "",
    }


def run_wrk(base, requests, duration, connections, threads):
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(lua_script(requests))
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--latency", "-s", script.name, base]
    return parse(subprocess.run(command, capture_output=True, text=True, check=True).stdout)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("scenarios", help="JSON file of setup requests and scenarios")
    parser.add_argument("--base", required=True, help="http://127.0.0.1:PORT")
    parser.add_argument("--label", default="")
    parser.add_argument("--duration", type=int, default=8)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    plan = json.load(open(args.scenarios))

    for request in plan.get("setup", []):
        for _ in range(request.get("repeat", 1)):
            status = send(args.base, request)
            if status >= 300 and not request.get("may_fail"):
                sys.exit(f"setup {request['method']} {request['path']} answered {status}")

    results = [("/health", run_wrk(args.base, [{"method": "GET", "path": "/health"}], args.duration, args.connections, args.threads), 1)]
    for scenario in plan["scenarios"]:
        requests = scenario["requests"]
        results.append((scenario["name"], run_wrk(args.base, requests, args.duration, args.connections, args.threads), len(requests)))

    health_rps = results[0][1]["rps"]
    print(f"\n{plan['service']} {args.label} — wrk -c{args.connections} -t{args.threads} -d{args.duration}s")
    print(f"{'scenario':<34}{'req/s':>10}{'units/s':>10}{'p50 ms':>9}{'p99 ms':>9}{'vs /health':>12}{'non-2xx':>9}")
    for name, result, per_unit in results:
        print(f"{name:<34}{result['rps']:>10.0f}{result['rps'] / per_unit:>10.0f}{result['p50']:>9.2f}{result['p99']:>9.2f}"
              f"{result['rps'] / health_rps:>12.2f}{result['non2xx']:>9}")
        if result["socket_errors"]:
            print(f"    {result['socket_errors']}")


if __name__ == "__main__":
    main()
