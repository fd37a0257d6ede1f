#!/bin/sh
# deps.sh - install the Debian packages reflect needs to build and test, if any are missing.
missing=""
for p in "$@"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
	echo "reflect needs these packages (or your system's equivalents):$missing" >&2
	exit 1
fi
if [ "$(id -u)" = 0 ]; then
	SUDO=""
elif command -v sudo >/dev/null 2>&1; then
	SUDO="sudo"
else
	echo "reflect needs these Debian packages; please ask an administrator to run:" >&2
	echo "  apt-get install$missing" >&2
	exit 1
fi
echo "Installing what reflect needs:$missing"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq || true
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null || {
	echo "Installing failed. Please run: apt-get install$missing" >&2
	exit 1
}
