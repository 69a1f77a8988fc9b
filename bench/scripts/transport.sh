#!/usr/bin/env bash
# remotingTransport=sockets against kestrel (issue 15, item 2): one server of each, 4 brokers x 100 topics populated
# by loadgen, then ROUNDS rounds of nsload 16 x 1, 16 x 32 and 1 x 1 against nslimit and both servers, the order
# rotated each round. Prints nsload's lines; compare each server's qps with nslimit's of the same round.
# Usage (from the repository root, machine otherwise idle, after
#   `dotnet build -c Release src/Host bench/LoadGen` and the tools' build in /work/shared/tools/README.md):
#   bash bench/scripts/transport.sh [ROUNDS] [SECONDS]
set -u
ROUNDS=${1:-4}
SECS=${2:-5}
NSLOAD=${NSLOAD:-/tmp/nsload}
NSLIMIT=${NSLIMIT:-/tmp/nslimit}
LG=bench/LoadGen/bin/Release/net10.0/loadgen
LIMIT_PORT=${LIMIT_PORT:-19997}
SOCKETS_PORT=${SOCKETS_PORT:-21640}
KESTREL_PORT=${KESTREL_PORT:-21650}
TOPICS=$(seq -s, -f 'Topic-%g' 0 99)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill -TERM "$p" 2>/dev/null; done; wait 2>/dev/null; }
trap cleanup EXIT

$NSLIMIT $LIMIT_PORT > /dev/null 2>&1 &
PIDS+=($!)
for t in sockets:$SOCKETS_PORT kestrel:$KESTREL_PORT; do
  name=${t%%:*}; port=${t##*:}
  rm -f /tmp/tr-$name-kv.json /tmp/tr-$name-ns.properties
  dotnet src/Host/bin/Release/net10.0/namesrv.dll --listenPort=$port --httpEnabled=false --remotingTransport=$name \
    --kvConfigPath=/tmp/tr-$name-kv.json --configStorePath=/tmp/tr-$name-ns.properties > /tmp/tr-$name.log 2>&1 &
  PIDS+=($!)
  for _ in $(seq 300); do grep -q listening /tmp/tr-$name.log && break; sleep 0.1; done
  $LG --mode populate -a 127.0.0.1:$port --populate-brokers 4 --populate-topics 100 --duration 3600s > /tmp/tr-$name-pop.log 2>&1 &
  PIDS+=($!)
done
sleep 15
TARGETS=("nslimit:$LIMIT_PORT" "sockets:$SOCKETS_PORT" "kestrel:$KESTREL_PORT")
for round in $(seq "$ROUNDS"); do
  for shape in "16 1" "16 32" "1 1"; do
    for i in 0 1 2; do
      target=${TARGETS[$(( (i + round) % 3 ))]}
      echo "round $round, ${shape/ / x }, ${target%%:*}: $(timeout $((SECS + 20)) $NSLOAD 127.0.0.1 ${target##*:} $shape $SECS $TOPICS)"
    done
  done
done
