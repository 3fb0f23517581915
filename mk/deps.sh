#!/bin/sh
# deps.sh - make sure the Debian packages grantsheet needs are installed.
#
# Usage: mk/deps.sh PACKAGE...
# Installs what is missing when run as root (apt-get); otherwise prints the
# exact command to run and fails, so `make` stops with a clear instruction.
set -eu
missing=""
for p in "$@"; do
    if ! dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$'; then
        missing="$missing $p"
    fi
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ]; then
    echo "grantsheet: installing missing Debian packages:$missing" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    # shellcheck disable=SC2086
    apt-get install -y -qq --no-install-recommends $missing >&2
else
    echo "grantsheet: missing Debian packages. Install them with:" >&2
    echo "  sudo apt-get install -y$missing" >&2
    echo "必要なパッケージがありません。上のコマンドで導入してください。" >&2
    exit 1
fi
