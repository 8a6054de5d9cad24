"""Hooks of the schemathesis pass (deploy/local/schemathesis.sh)."""

import schemathesis

# getnewjobs waits up to wait_s seconds (at most 20) for a job when none is waiting, and there is
# none for a generated site: the long poll itself is covered by the jobs tests, so keep it short here.
LONGEST_POLL_S = 0.2


@schemathesis.hook
def before_call(context, case, **kwargs):
    if case.operation.path == "/getnewjobs" and isinstance(case.body, dict):
        wait = case.body.get("wait_s")
        if isinstance(wait, (int, float)) and not isinstance(wait, bool) and wait > LONGEST_POLL_S:
            case.body["wait_s"] = LONGEST_POLL_S
