#!/usr/bin/env bash
# Two configurations of this build side by side at 4 x 100, beside nslimit: A and B are namesrv started with their own
# environment (A_ENV, B_ENV: "NAME=value ...") and arguments (A_ARGS, B_ARGS); ROUNDS (4) rounds of nsload 16 x 1,
# 16 x 32 and 1 x 1 (5 s each) with the order of the three targets rotated; each line carries the server's CPU ticks
# (1/100 s) over the run. RSS of both 25 s after the last run. Summarize with bench/scripts/ab-summary.py.
# Usage (repository root, Release build of src/Host and bench/LoadGen, nsload/nslimit in /tmp as ../shared/tools/README.md):
#   B_ENV=DOTNET_TieredPGO=0 ROUNDS=6 bash bench/scripts/config-ab.sh > ab.out; python3 bench/scripts/ab-summary.py ab.out
set -u
DLL=src/Host/bin/Release/net10.0/namesrv.dll
LG=bench/LoadGen/bin/Release/net10.0/loadgen
/tmp/nslimit 19997 > /dev/null 2>&1 & LIM=$!
PIDS=($LIM)
start() { # name port env args
  local name=$1 port=$2 envs=$3 args=$4
  rm -rf /tmp/ab-$name; mkdir -p /tmp/ab-$name
  # shellcheck disable=SC2086 # the environment and arguments are word lists
  env $envs dotnet $DLL --listenPort=$port --httpPort=$((port + 1)) --kvConfigPath=/tmp/ab-$name/kv.json \
    --configStorePath=/tmp/ab-$name/ns.properties $args > /tmp/ab-$name/host.log 2>&1 &
  PIDS+=($!); eval "PID_$name=$!"
  until grep -q listening /tmp/ab-$name/host.log; do sleep 0.1; done
  $LG --mode populate -a 127.0.0.1:$port --populate-brokers 4 --populate-topics 100 --duration 3600s > /tmp/ab-$name/pop.log 2>&1 &
  PIDS+=($!)
}
start A 21700 "${A_ENV:-}" "${A_ARGS:-}"
start B 21710 "${B_ENV:-}" "${B_ARGS:-}"
sleep 8
. "$(dirname "$0")/rounds.sh"
run_rounds "${ROUNDS:-4}" nslimit:19997:$LIM A:21700:$PID_A B:21710:$PID_B
sleep 25
echo "RSS after: A $(grep VmRSS /proc/$PID_A/status | awk '{print $2/1024}') B $(grep VmRSS /proc/$PID_B/status | awk '{print $2/1024}')"
for p in "${PIDS[@]}"; do kill -TERM "$p" 2>/dev/null; done; wait 2>/dev/null
