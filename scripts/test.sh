#!/usr/bin/env bash
# Runs every desktop test: the portable core tests (under xunit), the fixture corpus, the portability guard,
# the project-file checks and the CLI. Needs only the .NET SDK.
set -uo pipefail
cd "$(dirname "$0")/.."
log=$(mktemp)
trap 'rm -f "$log"' EXIT
dotnet test OpenAmi.Desktop.slnf -c Release --nologo "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
# One plain closing line with the totals of every test assembly.
passed=$(grep -oE 'Passed: +[0-9]+' "$log" | awk '{ s += $2 } END { print s + 0 }')
failed=$(grep -oE 'Failed: +[0-9]+' "$log" | awk '{ s += $2 } END { print s + 0 }')
echo "${passed:-0} passed, ${failed:-0} failed"
exit "$status"
