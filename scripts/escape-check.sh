#!/usr/bin/env bash
# The escape check against a running service and agent (`npm start`, or your own):
# submits examples/escape-check as a developer's own code in place of Bias, the way
# a hostile recipe would come, and lets it try to read the directories given (by
# default the service's data dir and the demo agent's work dir), the other jobs and
# /proc/*/environ, and to write into its bundle, the base code and the bundle cache.
# Exits with the check's exit code: 0 isolated, 2 escaped (the files are printed),
# 3 the recipe could not read what it needs.
#
#   scripts/escape-check.sh [DIR...]
#
# Needs AWE_SERVER and AWE_TOKEN of a developer or admin (default: the local
# service of npm start and its admin token).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
data="${AWE_DATA_DIR:-$root/data}"
agent="${AWE_DEV_AGENT_DIR:-$data-agent}"
export AWE_SERVER="${AWE_SERVER:-http://127.0.0.1:8080}"
if [ -z "${AWE_TOKEN:-}" ]; then
  AWE_TOKEN="$(cat "$data/admin.token")"
  export AWE_TOKEN
fi
dirs=("$@")
[ ${#dirs[@]} -gt 0 ] || dirs=("$data" "$agent" --no-write "$agent/bundles")
cd "$root"
exec npx awrecipe -mycode examples/escape-check -task Bias "${dirs[@]}"
