#!/usr/bin/env bash
# Scaling table: for each BROKERSxTOPICS row (every topic on every broker), start our NameServer, populate it with
# loadgen, measure one re-registration cycle's server CPU, route queries (16 x 1, 5 s), RSS and the all-topics answer.
# Usage (from the repository root, after `dotnet build -c Release src/Host bench/LoadGen`):
#   bash bench/scripts/scaling.sh "8x1000 8x10000 64x1000"
set -u
ROWS=${1:-"8x1000 8x10000 8x100000 64x1000 512x1000"}
LG=bench/LoadGen/bin/Release/net10.0/loadgen
PORT=19950
cpu() { awk '{print $14+$15}' /proc/$1/stat; }
for row in $ROWS; do
  B=${row%x*}; T=${row#*x}
  rm -f /tmp/sc-kv.json /tmp/sc-ns.properties
  dotnet src/Host/bin/Release/net10.0/namesrv.dll --listenPort=$PORT --kvConfigPath=/tmp/sc-kv.json --configStorePath=/tmp/sc-ns.properties > /tmp/sc-host.log 2>&1 &
  SPID=$!
  until grep -q listening /tmp/sc-host.log; do sleep 0.1; done
  # Above 50,000 topics a broker's table no longer fits one 16 MiB frame: it registers in 5.x split chunks.
  SPLIT=0; if [ "$T" -gt 50000 ]; then SPLIT=20000; fi
  $LG --mode populate -a 127.0.0.1:$PORT --populate-brokers $B --populate-topics $T --split-registration-size $SPLIT --period 10s --duration 600s > /tmp/sc-pop.log 2>&1 &
  POP=$!
  # Populated when the last topic has a route from every broker: wait for the first registration round to finish.
  until grep -qiE "registered|holding|populated" /tmp/sc-pop.log; do sleep 0.5; done
  sleep 12
  C0=$(cpu $SPID); sleep 10; C1=$(cpu $SPID)
  echo "== ${B} brokers x ${T} topics: server CPU over one 10 s re-registration cycle: $(( (C1 - C0) * 10 )) ms"
  $LG -a 127.0.0.1:$PORT -c 16 -d 1 --topics $T --warmup 1s --duration 5s --pid $SPID --no-ceiling | grep -E "^target|^server pid"
  python3 bench/scripts/all-topics-time.py 127.0.0.1:$PORT 5
  echo "RSS: $(grep -E 'VmRSS|VmHWM' /proc/$SPID/status | tr -s ' \t' ' ' | tr '\n' ' ')"
  kill -TERM $POP; wait $POP 2>/dev/null
  kill -TERM $SPID; wait $SPID 2>/dev/null
done
