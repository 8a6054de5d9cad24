#!/usr/bin/env bash
# Installs what building, testing and benchmarking need on a fresh Debian machine (run as root or
# with sudo); does nothing for what is already there.
set -euo pipefail

packages=(libsqlite3-dev libpq-dev libcurl4-openssl-dev postgresql wrk)
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
