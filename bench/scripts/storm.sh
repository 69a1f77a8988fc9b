#!/usr/bin/env bash
# Route reads during a registration storm: B brokers x T distinct topics each re-register every PERIOD, and every
# RESTART seconds two of them "restart" (a second loadgen registers loadgen-broker-0 and -1 with the same address and
# topics, then unregisters them at its end, so their routes go and come back on the next re-registration). Meanwhile
# nsload sends route queries at 16 x 1 over 1,000 topics spread over the table (its errors are the TOPIC_NOT_EXIST
# answers for the restarting brokers' topics while they are away); nslimit is measured before and after in the same run.
# Usage (repository root; Release builds of src/Host and bench/LoadGen; nsload/nslimit as ../shared/tools/README.md):
#   bash bench/scripts/storm.sh 32 10000 5s 30
set -u
B=${1:-32}; T=${2:-10000}; PERIOD=${3:-5s}; SECS=${4:-30}; RESTART=${RESTART:-10}
LG=bench/LoadGen/bin/Release/net10.0/loadgen
NSLOAD=${NSLOAD:-/tmp/nsload}; NSLIMIT=${NSLIMIT:-/tmp/nslimit}
PORT=19960; LIMIT_PORT=19997
rm -f /tmp/st-kv.json /tmp/st-ns.properties
dotnet src/Host/bin/Release/net10.0/namesrv.dll --listenPort=$PORT --httpEnabled=false --kvConfigPath=/tmp/st-kv.json --configStorePath=/tmp/st-ns.properties "${@:5}" > /tmp/st-host.log 2>&1 &
SPID=$!
$NSLIMIT $LIMIT_PORT > /dev/null 2>&1 &
LIMIT=$!
until grep -q listening /tmp/st-host.log; do sleep 0.1; done
TOPICS=$(python3 -c "n=$B*$T; print(','.join('Topic-%d' % (i * n // 1000) for i in range(1000)))")
echo "nslimit before the storm: $($NSLOAD 127.0.0.1 $LIMIT_PORT 16 1 5 "$TOPICS")"
$LG --mode populate -a 127.0.0.1:$PORT --populate-brokers $B --populate-topics $T --populate-distinct --period $PERIOD --duration $((SECS + 60))s > /tmp/st-pop.log 2>&1 &
POP=$!
until grep -qiE "populated" /tmp/st-pop.log; do sleep 0.5; done
echo "populated: $(head -1 /tmp/st-pop.log)"
( end=$((SECONDS + SECS)); while [ $SECONDS -lt $end ]; do
    $LG --mode populate -a 127.0.0.1:$PORT --populate-brokers 2 --populate-topics $T --populate-distinct --period 60s --duration 2s > /dev/null 2>&1
    sleep $RESTART; done ) &
CHURN=$!
C0=$(awk '{print $14+$15}' /proc/$SPID/stat)
echo "during the storm, ours: $($NSLOAD 127.0.0.1 $PORT 16 1 $SECS "$TOPICS")"
C1=$(awk '{print $14+$15}' /proc/$SPID/stat)
echo "server CPU during the window: $(( (C1 - C0) * 10 )) ms over $SECS s; RSS $(grep VmRSS /proc/$SPID/status | awk '{printf "%.1f", $2/1024}') MiB, peak $(grep VmHWM /proc/$SPID/status | awk '{printf "%.1f", $2/1024}') MiB"
echo "nslimit right after: $($NSLOAD 127.0.0.1 $LIMIT_PORT 16 1 5 "$TOPICS")"
kill $CHURN 2>/dev/null; wait $CHURN 2>/dev/null
kill -TERM $POP; wait $POP 2>/dev/null
kill -TERM $SPID; wait $SPID 2>/dev/null
kill $LIMIT
