#!/usr/bin/env bash
# The route path's system calls (issue 15, item 2): one server with TRANSPORT (sockets or kestrel), 4 brokers x 100
# topics populated by loadgen, nsload 16 x 1 for 10 s, and `strace -c -f` attached for 5 s of it. Prints nsload's line
# (slowed by strace; compare the calls per answer, not the rate) and strace's table. Needs strace and ptrace rights.
# Usage (repository root, Release builds of src/Host and bench/LoadGen, nsload as ../shared/tools/README.md says):
#   bash bench/scripts/syscalls.sh sockets; bash bench/scripts/syscalls.sh kestrel
set -u
TRANSPORT=${1:-sockets}
NSLOAD=${NSLOAD:-/tmp/nsload}
PORT=${PORT:-23500}
D=$(mktemp -d)
LG=bench/LoadGen/bin/Release/net10.0/loadgen
dotnet src/Host/bin/Release/net10.0/namesrv.dll --listenPort=$PORT --httpEnabled=false --remotingTransport=$TRANSPORT \
  --kvConfigPath=$D/kv.json --configStorePath=$D/ns.properties > $D/host.log 2>&1 &
SPID=$!
PIDS=($SPID)
cleanup() { for p in "${PIDS[@]}"; do kill -TERM "$p" 2>/dev/null; done; wait 2>/dev/null; rm -rf "$D"; }
trap cleanup EXIT
for _ in $(seq 300); do grep -q listening $D/host.log && break; sleep 0.1; done
$LG --mode populate -a 127.0.0.1:$PORT --populate-brokers 4 --populate-topics 100 --duration 3600s > $D/pop.log 2>&1 &
PIDS+=($!)
sleep 10
TOPICS=$(seq -s, -f 'Topic-%g' 0 99)
$NSLOAD 127.0.0.1 $PORT 16 1 5 $TOPICS > /dev/null
$NSLOAD 127.0.0.1 $PORT 16 1 10 $TOPICS > $D/nsload.out &
LOAD=$!
sleep 2
timeout -s INT 5 strace -c -f -p $SPID -o $D/strace.txt > /dev/null 2>&1
wait $LOAD
echo "$TRANSPORT: $(cat $D/nsload.out)"
head -12 $D/strace.txt
