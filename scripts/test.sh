#!/usr/bin/env bash
# Runs every desktop test: the portable core tests (under xunit), the fixture corpus, the portability guard,
# the project-file checks, the CLI, and the end-to-end tests against a real mosquitto broker, which this script
# installs when it is missing (Debian's package); then builds the native AOT binary once and smoke-tests it
# (scripts/aot-smoke.sh, which installs clang and zlib1g-dev when missing). Needs the .NET SDK.
set -uo pipefail
cd "$(dirname "$0")/.."

if ! command -v mosquitto >/dev/null 2>&1 && [ ! -x /usr/sbin/mosquitto ]; then
  echo "test.sh: installing mosquitto for the end-to-end tests"
  SUDO=""
  [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq && $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq mosquitto mosquitto-clients >/dev/null \
    || { echo "test.sh: could not install mosquitto (apt-get install -y mosquitto mosquitto-clients)"; exit 1; }
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT
dotnet test OpenAmi.Desktop.slnf -c Release --nologo "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
# One plain closing line with the totals of every test assembly.
passed=$(grep -oE 'Passed: +[0-9]+' "$log" | awk '{ s += $2 } END { print s + 0 }')
failed=$(grep -oE 'Failed: +[0-9]+' "$log" | awk '{ s += $2 } END { print s + 0 }')

# The single native binary: built once (a few minutes on 2 cores), then its smoke test. Skipped when only some
# tests were asked for (arguments such as --filter), and with OPENAMI_SKIP_AOT=1.
if [ $# -eq 0 ] && [ "${OPENAMI_SKIP_AOT:-0}" != 1 ]; then
  if bash scripts/aot-smoke.sh; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    status=1
  fi
fi

echo "${passed:-0} passed, ${failed:-0} failed"
exit "$status"
