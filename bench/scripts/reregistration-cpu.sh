#!/usr/bin/env bash
# Server CPU and full collections while 32 brokers x 10,000 distinct topics each re-register every PERIOD: starts
# namesrv (HTTP on 19422 for the GC counters), populates it with loadgen, waits 7 s after the first registration, then
# reports the server's user and system CPU over WINDOW seconds, the blocking gen2 collections and the GC pause time
# in that window (the OpenTelemetry runtime counters on /metrics), and RSS. Extra arguments go to namesrv.
# Usage (repository root; Release builds of src/Host and bench/LoadGen):
#   bash bench/scripts/reregistration-cpu.sh 5s 20 [--remotingTransport=sockets]
set -u
PERIOD=${1:-5s}; WIN=${2:-20}; shift 2 || shift $#
D=/tmp/rc; rm -rf $D; mkdir -p $D
dotnet src/Host/bin/Release/net10.0/namesrv.dll --listenPort=19421 --httpPort=19422 --kvConfigPath=$D/kv.json --configStorePath=$D/ns.p "$@" > $D/host.log 2>&1 &
SPID=$!
until grep -q listening $D/host.log; do sleep 0.1; done
bench/LoadGen/bin/Release/net10.0/loadgen --mode populate -a 127.0.0.1:19421 --populate-brokers 32 --populate-topics 10000 --populate-distinct --period "$PERIOD" --duration $((WIN + 30))s > $D/pop.log 2>&1 &
POP=$!
until grep -qiE "populated" $D/pop.log; do sleep 0.5; done
sleep 7
gc() { curl -s 127.0.0.1:19422/metrics | grep -E '^dotnet_gc_collections_total\{gc_heap_generation="gen2"|^dotnet_gc_pause_time_seconds_total' | awk '{print $2}' | paste -sd' '; }
read -r U0 S0 < <(awk '{print $14, $15}' /proc/$SPID/stat); read -r G0 P0 < <(gc)
sleep "$WIN"
read -r U1 S1 < <(awk '{print $14, $15}' /proc/$SPID/stat); read -r G1 P1 < <(gc)
echo "server CPU over $WIN s (period $PERIOD): user $(( (U1 - U0) * 10 )) ms, sys $(( (S1 - S0) * 10 )) ms; gen2 collections $((G1 - G0)), GC pause $(python3 -c "print(round($P1 - $P0, 3))") s; RSS $(grep VmRSS /proc/$SPID/status | awk '{printf "%.1f", $2/1024}') MiB"
curl -s 127.0.0.1:19422/metrics | grep -E '^namesrv_registrations_total'
kill -TERM $POP; wait $POP 2>/dev/null; kill -TERM $SPID; wait $SPID 2>/dev/null
