#!/usr/bin/env bash
# Scaling table. Each row is BROKERSxTOPICS (every topic on every broker) or BROKERSxTOPICSd (distinct: each broker its
# own TOPICS topics, so BROKERS x TOPICS topics, each on one broker). For each row: start our NameServer, populate it
# with loadgen (re-registering every $PERIOD), and record the first-registration peak RSS, one re-registration
# period's server CPU, the steady RSS after two periods and over the third (min, median, max), route queries at 16 x 1 with nsload over 1,000 topics spread
# over the table beside nslimit in the same row, and the all-topics answer time.
# Usage (from the repository root, after `dotnet build -c Release src/Host bench/LoadGen`, with nsload and nslimit
# built as ../shared/tools/README.md says):
#   PERIOD=30s bash bench/scripts/scaling.sh "32x10000d 32x10000 64x10000"
# SERVER_ARGS (words) go to namesrv, e.g. SERVER_ARGS=--remotingTransport=sockets.
set -u
ROWS=${1:-"1x10000d 8x10000d 32x10000d 8x10000 32x10000 64x10000"}
PERIOD=${PERIOD:-30s}
SECONDS_PER_PERIOD=${PERIOD%s}
LG=bench/LoadGen/bin/Release/net10.0/loadgen
NSLOAD=${NSLOAD:-/tmp/nsload}
NSLIMIT=${NSLIMIT:-/tmp/nslimit}
PORT=19950
LIMIT_PORT=19997
cpu() { awk '{print $14+$15}' /proc/$1/stat; }
mib() { grep -E "$1" /proc/$2/status | awk '{printf "%.1f", $2/1024}'; }
$NSLIMIT $LIMIT_PORT > /dev/null 2>&1 &
LIMIT=$!
trap 'kill $LIMIT 2>/dev/null' EXIT
for row in $ROWS; do
  SHAPE=shared; case $row in *d) SHAPE=distinct; row=${row%d};; esac
  B=${row%x*}; T=${row#*x}
  ALL=$T; DISTINCT=""; if [ $SHAPE = distinct ]; then ALL=$((B * T)); DISTINCT=--populate-distinct; fi
  rm -f /tmp/sc-kv.json /tmp/sc-ns.properties
  dotnet src/Host/bin/Release/net10.0/namesrv.dll --listenPort=$PORT --httpEnabled=false --kvConfigPath=/tmp/sc-kv.json --configStorePath=/tmp/sc-ns.properties ${SERVER_ARGS:-} > /tmp/sc-host.log 2>&1 &
  SPID=$!
  until grep -q listening /tmp/sc-host.log; do sleep 0.1; done
  # Above 50,000 topics a broker's table no longer fits one 16 MiB frame: it registers in 5.x split chunks.
  SPLIT=0; if [ "$T" -gt 50000 ]; then SPLIT=20000; fi
  $LG --mode populate -a 127.0.0.1:$PORT --populate-brokers $B --populate-topics $T $DISTINCT --split-registration-size $SPLIT --period $PERIOD --duration 900s > /tmp/sc-pop.log 2>&1 &
  POP=$!
  until grep -qiE "populated" /tmp/sc-pop.log; do sleep 0.5; done
  echo "== ${B} brokers x ${T} topics ($SHAPE; $ALL topics, $((B * T)) queue entries)"
  echo "first registration: RSS $(mib VmRSS $SPID) MiB, peak $(mib VmHWM $SPID) MiB"
  sleep 2
  C0=$(cpu $SPID); sleep "$SECONDS_PER_PERIOD"; C1=$(cpu $SPID)
  echo "server CPU over one $PERIOD re-registration period: $(( (C1 - C0) * 10 )) ms"
  sleep "$SECONDS_PER_PERIOD"
  echo "steady (after two periods): RSS $(mib VmRSS $SPID) MiB, peak $(mib VmHWM $SPID) MiB"
  # RSS moves within a period (a round's buffers, then namesrv's compaction once quiet): one sample a second over
  # the third period, reported as min / median / max.
  for _ in $(seq "$SECONDS_PER_PERIOD"); do mib VmRSS $SPID; echo; sleep 1; done > /tmp/sc-rss.txt
  echo "third period, RSS each second: $(sort -n /tmp/sc-rss.txt | awk '{v[NR]=$1} END{printf "min %s, median %s, max %s MiB", v[1], v[int((NR+1)/2)], v[NR]}')"
  TOPICS=$(python3 -c "n=$ALL; k=min(n,1000); print(','.join('Topic-%d' % (i * n // k) for i in range(k)))")
  echo "nsload 16 x 1, 5 s, 1,000 topics: ours $($NSLOAD 127.0.0.1 $PORT 16 1 5 "$TOPICS")"
  echo "nsload 16 x 1, 5 s, 1,000 topics: nslimit $($NSLOAD 127.0.0.1 $LIMIT_PORT 16 1 5 "$TOPICS")"
  python3 bench/scripts/all-topics-time.py 127.0.0.1:$PORT 5
  echo "after queries: RSS $(mib VmRSS $SPID) MiB, peak $(mib VmHWM $SPID) MiB"
  kill -TERM $POP; wait $POP 2>/dev/null
  kill -TERM $SPID; wait $SPID 2>/dev/null
done
