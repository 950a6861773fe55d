#!/usr/bin/env bash
# Runs every desktop test: the portable core tests (under xunit), the fixture corpus, the portability guard,
# the project-file checks and the CLI. Needs only the .NET SDK.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet test OpenAmi.Desktop.slnf -c Release --nologo "$@"
