#!/usr/bin/env python3
"""Long-poll command latency of ptr-jobs: one poller keeps a `getnewjobs` with `wait_s` open for a
site (as an observatory would); the script posts `newjob` commands one at a time, each after the
poller is back waiting, and measures for each command the time from `newjob`'s 200 to the job being
in the poller's hands (and from sending `newjob`, which includes its reservation check). Prints p50,
p99, max and min over --count commands. "200 → poller" can be negative: the poller may get the job
before the client has read newjob's answer."""
import argparse
import http.client
import json
import queue
import statistics
import sys
import threading
import time
import urllib.parse


def post(connection, path, body, headers=None):
    connection.request("POST", path, body=json.dumps(body), headers=headers or {})
    response = connection.getresponse()
    return response.status, response.read()


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--base", required=True, help="http://127.0.0.1:PORT of ptr-jobs")
    parser.add_argument("--token", required=True, help="bearer token allowed to command --site")
    parser.add_argument("--site", default="mrc1")
    parser.add_argument("--user-id", default="auth0|bench")
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--wait-s", type=float, default=15)
    parser.add_argument("--settle-ms", type=float, default=20, help="pause before each command, so the poller is waiting")
    parser.add_argument("--label", default="")
    args = parser.parse_args()
    address = urllib.parse.urlsplit(args.base)

    def connect():
        return http.client.HTTPConnection(address.hostname, address.port, timeout=60)

    poller_connection = connect()
    while True:  # hand out what earlier benchmarks left on the site
        status, body = post(poller_connection, "/jobs/getnewjobs", {"site": args.site})
        if status != 200:
            sys.exit(f"getnewjobs answered {status}: {body[:200]!r}")
        if json.loads(body) == []:
            break

    arrivals = queue.Queue()
    stop = threading.Event()

    def poll():
        while not stop.is_set():
            status, body = post(poller_connection, "/jobs/getnewjobs", {"site": args.site, "wait_s": args.wait_s})
            received = time.perf_counter()
            if status != 200:
                arrivals.put(("error", status, received))
                return
            for job in json.loads(body):
                arrivals.put((job["ulid"], status, received))

    poller = threading.Thread(target=poll, daemon=True)
    poller.start()
    command_connection = connect()
    headers = {"Authorization": f"Bearer {args.token}", "Content-Type": "application/json;charset=UTF-8"}
    job = {"site": args.site, "device": "camera", "instance": "camera_1_1", "action": "expose", "user_name": "Bench User",
           "user_id": args.user_id, "required_params": {"time": "1", "image_type": "light"}, "optional_params": {}}
    after_200, after_post = [], []
    for _ in range(args.count):
        time.sleep(args.settle_ms / 1000)
        sent = time.perf_counter()
        status, body = post(command_connection, "/jobs/newjob", job, headers)
        answered = time.perf_counter()
        if status != 200:
            sys.exit(f"newjob answered {status}: {body[:200]!r}")
        ulid = json.loads(body)["ulid"]
        while True:
            got, status, received = arrivals.get(timeout=30)
            if got == "error":
                sys.exit(f"long-poll getnewjobs answered {status}")
            if got == ulid:
                break
        after_200.append((received - answered) * 1000)
        after_post.append((received - sent) * 1000)
    stop.set()
    post(command_connection, "/jobs/newjob", job, headers)  # wakes the poller, which then ends
    poller.join(timeout=args.wait_s + 5)

    print(f"\nptr-jobs {args.label} — long-poll command latency, {args.count} commands, one poller (wait_s {args.wait_s:g})")
    print(f"{'':<34}{'p50 ms':>9}{'p99 ms':>9}{'max ms':>9}{'min ms':>9}")
    for name, values in (("newjob 200 → job at poller", after_200), ("newjob sent → job at poller", after_post)):
        print(f"{name:<34}{statistics.median(values):>9.2f}{percentile(values, 0.99):>9.2f}{max(values):>9.2f}{min(values):>9.2f}")


if __name__ == "__main__":
    main()
