#!/usr/bin/env python3
"""Time to answer GET_ALL_TOPIC_LIST_FROM_NAMESERVER (206): python3 all-topics-time.py HOST:PORT [runs]. Prints the
median and max over the runs and the size of the answer."""
import json, socket, struct, sys, time

def request(opaque):
    header = json.dumps({"code": 206, "flag": 0, "language": "JAVA", "opaque": opaque,
                         "serializeTypeCurrentRPC": "JSON", "version": 479}, separators=(",", ":")).encode()
    return struct.pack(">ii", 4 + len(header), len(header)) + header

def read_exact(s, n):
    data = b""
    while len(data) < n:
        chunk = s.recv(n - len(data))
        if not chunk:
            raise EOFError("closed")
        data += chunk
    return data

host, port = sys.argv[1].split(":")
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
times, size = [], 0
with socket.create_connection((host, int(port))) as s:
    for i in range(runs):
        start = time.perf_counter()
        s.sendall(request(i + 1))
        total = struct.unpack(">i", read_exact(s, 4))[0]
        read_exact(s, total)
        times.append((time.perf_counter() - start) * 1000)
        size = total + 4
times.sort()
print(f"all_topics_median_ms={times[len(times)//2]:.1f} max_ms={times[-1]:.1f} answer_bytes={size}")
