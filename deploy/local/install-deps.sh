#!/usr/bin/env bash
# Installs what building, testing and benchmarking need on a fresh Debian machine (run as root or
# with sudo); does nothing for what is already there.
set -euo pipefail

packages=(libsqlite3-dev libpq-dev libcurl4-openssl-dev postgresql wrk curl python3-venv)
missing=()
for package in "${packages[@]}"; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if [ "${#missing[@]}" -gt 0 ]; then
    sudo=""
    [ "$(id -u)" = 0 ] || sudo=sudo
    echo "install-deps: apt-get install ${missing[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The OpenAPI documents are checked by openapi-spec-validator (PyPI) in the tests.
if ! python3 -c 'import openapi_spec_validator' 2>/dev/null; then
    echo "install-deps: pip install openapi-spec-validator"
    python3 -m pip install --quiet openapi-spec-validator 2>/dev/null \
        || python3 -m pip install --quiet --break-system-packages openapi-spec-validator
fi

# schemathesis (PyPI, pinned) checks every service against its OpenAPI document in `make test`
# (deploy/local/schemathesis.sh); it lives in a virtualenv under .build/, which is not committed.
schemathesis_version=4.32.5
venv="$(cd "$(dirname "$0")/../.." && pwd)/.build/schemathesis"
if [ "$("$venv/bin/st" --version 2>/dev/null)" != "st, version $schemathesis_version" ]; then
    echo "install-deps: schemathesis $schemathesis_version into $venv"
    rm -rf "$venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet "schemathesis==$schemathesis_version"
fi
