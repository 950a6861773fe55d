#!/usr/bin/env bash
# Measures the Linux gateway's CPU and memory per meter: N DSMR 5 meters (a looped capture replayed at the meter's
# pace, one telegram a second, through pseudo-terminals) into one `openami gateway` publishing every frame to a
# local mosquitto. Prints CPU (% of one core) and resident memory for 1 and 8 meters.
# Usage: scripts/bench-gateway.sh [SECONDS]   (default 30 per run, after 20 s of warm-up)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-30}
dotnet build tools/OpenAmi.Cli/OpenAmi.Cli.csproj -c Release --nologo -v quiet >/dev/null
cli="dotnet tools/OpenAmi.Cli/bin/Release/net10.0/openami.dll"
work=$(mktemp -d)
chmod 777 "$work"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
printf 'listener %s 127.0.0.1\nallow_anonymous true\n' "$port" > "$work/mosquitto.conf"
mosquitto -c "$work/mosquitto.conf" >/dev/null 2>&1 &
broker=$!
pids=()
cleanup() { kill "${pids[@]}" "$broker" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
sleep 0.5
ticks=$(getconf CLK_TCK)

printf '%-8s %-10s %12s %12s %16s %16s\n' meters interval "CPU %" "RSS MiB" "CPU %/meter" "RSS KiB/meter"
for meters in 1 8; do
  for interval in 0 900; do
    sources=()
    rm -f "$work"/pty*
    for ((m = 0; m < meters; m++)); do
      $cli replay samples/dsmr5-iskra-am550.p1 --to pty --loop > "$work/pty$m" 2>/dev/null &
      pids+=($!)
    done
    for ((m = 0; m < meters; m++)); do
      until [ -s "$work/pty$m" ]; do sleep 0.2; done
      sources+=(--source "serial:$(head -1 "$work/pty$m"):115200:8N1")
    done
    $cli gateway "${sources[@]}" --broker "mqtt://127.0.0.1:$port" --interval "$interval" --outbox "$work/outbox-$meters-$interval" \
      --feeder bench --gateway "gw$meters" --status-every 3600 >/dev/null 2>"$work/gateway.log" &
    gw=$!
    pids+=($gw)
    sleep 20 # past start-up and tiered JIT compilation: the figures are for a gateway that runs for months
    [ -e "/proc/$gw/stat" ] || { echo "the gateway stopped:"; cat "$work/gateway.log"; exit 1; }
    read -r u1 s1 < <(awk '{print $14, $15}' "/proc/$gw/stat")
    sleep "$seconds"
    read -r u2 s2 < <(awk '{print $14, $15}' "/proc/$gw/stat")
    rss=$(awk '/VmRSS/ {print $2}' "/proc/$gw/status")
    cpu=$(awk -v a="$u1" -v b="$s1" -v c="$u2" -v d="$s2" -v t="$ticks" -v s="$seconds" 'BEGIN { printf "%.2f", (c + d - a - b) / t / s * 100 }')
    printf '%-8s %-10s %12s %12.1f %16.3f %16.0f\n' "$meters" "$interval" "$cpu" "$(awk -v r="$rss" 'BEGIN { print r / 1024 }')" \
      "$(awk -v c="$cpu" -v m="$meters" 'BEGIN { print c / m }')" "$(awk -v r="$rss" -v m="$meters" 'BEGIN { print r / m }')"
    kill "${pids[@]}" 2>/dev/null || true
    wait "${pids[@]}" 2>/dev/null || true
    pids=()
  done
done
