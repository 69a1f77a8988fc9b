#!/usr/bin/env bash
# Before/after on the route path at 4 x 100: a "before" build (BEFORE=path to its namesrv.dll), this tree with metrics on
# and off, nslimit; ROUNDS (4) rounds of nsload 16 x 1, 16 x 32, 1 x 1 with the targets rotated; RSS idle and after.
# Usage (repository root, Release build of src/Host and bench/LoadGen, nsload/nslimit as ../shared/tools/README.md):
#   BEFORE=/path/to/old/src/Host/bin/Release/net10.0/namesrv.dll bash bench/scripts/before-after.sh > ba.out
#   python3 bench/scripts/ab-summary.py ba.out on/before on/off
set -u

LG=bench/LoadGen/bin/Release/net10.0/loadgen
/tmp/nslimit 19997 > /dev/null 2>&1 & LIM=$!
PIDS=($LIM)
start() { # name port dll args...
  local name=$1 port=$2 dll=$3; shift 3
  rm -rf /tmp/r4-$name; mkdir -p /tmp/r4-$name
  dotnet $dll --listenPort=$port --kvConfigPath=/tmp/r4-$name/kv.json --configStorePath=/tmp/r4-$name/ns.properties "$@" > /tmp/r4-$name/host.log 2>&1 &
  PIDS+=($!); eval "PID_$name=$!"
  until grep -q listening /tmp/r4-$name/host.log; do sleep 0.1; done
  $LG --mode populate -a 127.0.0.1:$port --populate-brokers 4 --populate-topics 100 --duration 3600s > /tmp/r4-$name/pop.log 2>&1 &
  PIDS+=($!)
}
start before 21600 "${BEFORE:?set BEFORE to the namesrv.dll of the build to compare with}" --httpPort=21601
start on 21610 src/Host/bin/Release/net10.0/namesrv.dll --httpPort=21611
start off 21620 src/Host/bin/Release/net10.0/namesrv.dll --httpEnabled=false
sleep 10
echo "idle RSS: before $(grep VmRSS /proc/$PID_before/status | awk '{print $2/1024}') on $(grep VmRSS /proc/$PID_on/status | awk '{print $2/1024}') off $(grep VmRSS /proc/$PID_off/status | awk '{print $2/1024}')"
( while true; do curl -s localhost:21601/metrics > /dev/null; curl -s localhost:21611/metrics > /dev/null; sleep 15; done ) & SCR=$!
. "$(dirname "$0")/rounds.sh"
run_rounds "${ROUNDS:-4}" nslimit:19997:$LIM before:21600:$PID_before on:21610:$PID_on off:21620:$PID_off
# MemoryTrimmer looks every 10 s and compacts after a quiet interval: 25 s covers two looks.
sleep 25
echo "RSS after: before $(grep VmRSS /proc/$PID_before/status | awk '{print $2/1024}') on $(grep VmRSS /proc/$PID_on/status | awk '{print $2/1024}') off $(grep VmRSS /proc/$PID_off/status | awk '{print $2/1024}')"
kill $SCR; for p in "${PIDS[@]}"; do kill -TERM $p 2>/dev/null; done; wait 2>/dev/null
