#!/usr/bin/env bash
# Builds the single native `openami` binary (ahead-of-time, linux-x64) once and smoke-tests it: no trim or AOT
# warning, parse a sample, and run the gateway against a local mosquitto until it delivered every telegram.
# Installs what the AOT build needs (clang, zlib1g-dev) with apt-get when missing. Prints "aot smoke: ok" and
# exits 0, or says what failed and exits 1.
set -uo pipefail
cd "$(dirname "$0")/.."

fail() { echo "aot smoke: FAILED: $*"; exit 1; }

missing=()
command -v clang >/dev/null 2>&1 || missing+=(clang)
dpkg -s zlib1g-dev >/dev/null 2>&1 || missing+=(zlib1g-dev)
if [ ${#missing[@]} -gt 0 ]; then
  echo "aot smoke: installing ${missing[*]} for the native build"
  SUDO=""
  [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq && $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null \
    || fail "could not install ${missing[*]} (apt-get install -y ${missing[*]})"
fi

work=$(mktemp -d)
broker_pid=""
cleanup() {
  [ -n "$broker_pid" ] && kill "$broker_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

out="$work/publish"
log="$work/publish.log"
dotnet publish tools/OpenAmi.Cli -c Release -r linux-x64 -p:PublishAot=true -o "$out" --nologo >"$log" 2>&1 \
  || { tail -30 "$log"; fail "dotnet publish -p:PublishAot=true failed"; }
if grep -E "warning (IL[0-9]+|CS[0-9]+|NU[0-9]+)" "$log" | grep -v NU1603 | grep -q .; then
  grep -E "warning (IL|CS|NU)[0-9]+" "$log" | sort -u | head -20
  fail "the AOT build has warnings"
fi
bin="$out/openami"
[ -x "$bin" ] || fail "no $bin"
echo "aot smoke: $(du -h "$bin" | cut -f1) native binary"

# 1. parse a sample
"$bin" parse samples/dsmr5-iskra-am550.p1 >"$work/parse.out" 2>"$work/parse.err" || { cat "$work/parse.err"; fail "openami parse exited $?"; }
grep -q "E0044007131650618" "$work/parse.out" || fail "openami parse did not print the sample's meter"
grep -q "10 frame(s): 10 CRC ok" "$work/parse.err" || { cat "$work/parse.err"; fail "openami parse did not read the sample's ten frames"; }

# 2. the gateway against mosquitto: every telegram of the sample delivered
MOSQUITTO=$(command -v mosquitto || echo /usr/sbin/mosquitto)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
printf 'listener %s 127.0.0.1\nallow_anonymous true\n' "$port" >"$work/mosquitto.conf"
"$MOSQUITTO" -c "$work/mosquitto.conf" >"$work/mosquitto.log" 2>&1 &
broker_pid=$!
for _ in $(seq 1 100); do
  mosquitto_pub -h 127.0.0.1 -p "$port" -t openami/ping -m x 2>/dev/null && break
  sleep 0.1
done
# A persistent QoS 1 session, subscribed before the gateway starts: the broker keeps what arrives meanwhile.
topic='openami/v1/f/g/meter/+/telemetry'
mosquitto_sub -h 127.0.0.1 -p "$port" -i aot-smoke -c -q 1 -t "$topic" -E || fail "cannot subscribe to the local mosquitto"
"$bin" gateway --source samples/dsmr5-iskra-am550.p1 --fast --interval 0 --broker "mqtt://127.0.0.1:$port" \
  --feeder f --gateway g --outbox "$work/outbox" --drain-timeout 30 2>"$work/gateway.err" \
  || { cat "$work/gateway.err"; fail "openami gateway exited $?"; }
mosquitto_sub -h 127.0.0.1 -p "$port" -i aot-smoke -c -q 1 -t "$topic" -C 10 -W 30 >"$work/received" 2>&1 \
  || { cat "$work/gateway.err"; fail "mosquitto_sub did not receive 10 telemetry messages"; }
[ "$(grep -c '"meterSerial":"E0044007131650618"' "$work/received")" = 10 ] || fail "the telemetry received is not the sample's"
echo "aot smoke: ok (parse, and the gateway delivered 10 telemetry messages through mosquitto)"
