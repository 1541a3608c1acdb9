#!/bin/sh
# Install the Debian 12 packages needed to build and test libsrschema.
# Quiet when everything is present; never starts mariadb (tests run their own server).
set -eu

PKGS="gcc make libsqlite3-dev sqlite3 libmariadb-dev libcjson-dev tcl libsqlite3-tcl tcllib mariadb-server"
# `install-deps.sh fuzz`: the fuzzing tools only (make fuzz, a test-only
# dependency: libFuzzer comes with clang's runtime, doc/testing.md).
if [ "${1:-}" = fuzz ]; then
    PKGS="clang libclang-rt-dev"
fi
# `install-deps.sh bench`: valgrind, which counts the instructions of
# bench/count.sh (doc/bench.md).
if [ "${1:-}" = bench ]; then
    PKGS="valgrind"
fi

missing=""
for p in $PKGS; do
    # "install ok installed" is the only status that means usable; half-installed/config-files do not count.
    st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
    [ "$st" = "install ok installed" ] || missing="$missing $p"
done

if [ -z "$missing" ]; then
    echo "install-deps: all packages present"
    exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
    SUDO=""
elif command -v sudo >/dev/null 2>&1; then
    SUDO="sudo"
else
    echo "install-deps: missing packages:$missing" >&2
    echo "install-deps: run as root: apt-get install$missing" >&2
    exit 1
fi

echo "install-deps: installing:$missing"

# policy-rc.d exit 101 stops maintainer scripts from starting mariadb (or any service);
# only add it if none exists, and remove only our own copy.
rcd=/usr/sbin/policy-rc.d
ours=""
if [ ! -e "$rcd" ]; then
    printf '#!/bin/sh\nexit 101\n' | $SUDO tee "$rcd" >/dev/null
    $SUDO chmod 755 "$rcd"
    ours=1
fi
cleanup() {
    if [ -n "$ours" ]; then $SUDO rm -f "$rcd"; ours=""; fi
}
trap cleanup EXIT
trap 'cleanup; exit 130' INT TERM

install() {
    # shellcheck disable=SC2086
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing
}

# Try without 'apt-get update' first: on a machine with fresh lists it saves a minute.
if ! install; then
    echo "install-deps: install failed; running apt-get update and retrying"
    $SUDO apt-get update -q
    install
fi
