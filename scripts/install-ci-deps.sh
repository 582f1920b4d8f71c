#!/usr/bin/env bash
# Installs the Debian packages CI needs beyond Node: a single-host Slurm
# (slurm-wlm) and its authentication daemon (munge), used by the real-Slurm
# executor tests through scripts/slurm-local.sh; bubblewrap, the sandbox
# agents run recipes in (--isolation bwrap, the default); python3-venv for the
# Python client's test, which installs it into a fresh virtual environment;
# Chromium, which the web page's browser tests drive through playwright-core
# (never a browser download).
set -euo pipefail

packages=(slurm-wlm munge bubblewrap python3-venv chromium)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

export DEBIAN_FRONTEND=noninteractive
sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
# The package lists of a fresh container are often empty or stale: refresh and retry once.
if ! "${sudo_cmd[@]}" apt-get install -y --no-install-recommends "${missing[@]}"; then
  "${sudo_cmd[@]}" apt-get update
  "${sudo_cmd[@]}" apt-get install -y --no-install-recommends "${missing[@]}"
fi
