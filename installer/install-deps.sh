#!/usr/bin/env bash
# Install the Debian packages in installer/debian-packages.txt that are not installed yet.
# Silent and fast (one dpkg-query) when nothing is missing; runs apt-get update only when
# something is. Not root and something missing: says what and exits 1.
set -euo pipefail

LIST="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/debian-packages.txt"

wanted=()
while read -r line; do
    line=${line%%#*}
    for pkg in $line; do wanted+=("$pkg"); done
done <"$LIST"

# Debian's python3 needs python3-venv for `python3 -m venv` and python3-dev for the headers
# that pyscard and pycups build against; a pyenv or self-built CPython has both already.
if ! command -v python3 >/dev/null 2>&1; then
    wanted+=(python3 python3-venv python3-dev)
elif [ "$(python3 -c 'import sys; print(sys.base_prefix)' 2>/dev/null)" = /usr ]; then
    wanted+=(python3-venv python3-dev)
fi

declare -A installed=()
# Unknown packages make dpkg-query exit 1 and complain on stderr: they are simply missing.
while read -r pkg status; do
    [ "$status" = "install ok installed" ] && installed[$pkg]=1
done < <(dpkg-query -W -f='${Package} ${Status}\n' "${wanted[@]}" 2>/dev/null || true)

missing=()
for pkg in "${wanted[@]}"; do
    [ -n "${installed[$pkg]:-}" ] || missing+=("$pkg")
done
[ "${#missing[@]}" -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
    echo "install-deps: missing Debian packages (run as root to install): ${missing[*]}" >&2
    exit 1
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt_opts=(-o DPkg::Lock::Timeout=300 -o APT::Get::Assume-Yes=true -o Dpkg::Use-Pty=0)
apt-get -qq "${apt_opts[@]}" update
apt-get -qq "${apt_opts[@]}" install --no-install-recommends "${missing[@]}"
