#!/usr/bin/env python3
"""Time from process start to the first answered route query (GET_ROUTEINFO_BY_TOPIC).

Usage: python3 bench/scripts/startup-time.py [runs] [-- command...]
Default command: dotnet src/Host/bin/Release/net10.0/namesrv.dll (build it first with
`dotnet build -c Release src/Host`). The server gets a free port and temporary KV/config paths.
On Linux it also prints the CPU time (user + system) the process had used when the answer came: on a shared
machine that figure moves much less with the load than the wall-clock one.
"""
import json, os, socket, struct, subprocess, sys, tempfile, time

def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); p = s.getsockname()[1]; s.close(); return p

def route_request(opaque):
    header = json.dumps({"code": 105, "extFields": {"topic": "TBW102"}, "flag": 0, "language": "JAVA",
                         "opaque": opaque, "serializeTypeCurrentRPC": "JSON", "version": 479},
                        separators=(",", ":")).encode()
    return struct.pack(">ii", 4 + len(header), len(header)) + header

def cpu_ms(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None

def one_run(command):
    port = free_port()
    tmp = tempfile.mkdtemp()
    args = command + [f"--listenPort={port}", f"--kvConfigPath={tmp}/kv.json", f"--configStorePath={tmp}/ns.properties"]
    start = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=2) as s:
                    s.sendall(route_request(1))
                    head = s.recv(8)
                    if len(head) == 8:
                        return (time.perf_counter() - start) * 1000, cpu_ms(proc.pid)
            except OSError:
                time.sleep(0.002)
            if time.perf_counter() - start > 30:
                raise RuntimeError("no answer within 30 s")
    finally:
        proc.terminate(); proc.wait()

def main():
    argv = sys.argv[1:]
    runs = int(argv[0]) if argv and argv[0].isdigit() else 5
    command = argv[argv.index("--") + 1:] if "--" in argv else ["dotnet", "src/Host/bin/Release/net10.0/namesrv.dll"]
    results = [one_run(command) for _ in range(runs)]
    times = sorted(r[0] for r in results)
    cpu = sorted(r[1] for r in results if r[1] is not None)
    line = f"runs={runs} min_ms={times[0]:.0f} median_ms={times[len(times)//2]:.0f} max_ms={times[-1]:.0f}"
    if cpu:
        line += f" cpu_min_ms={cpu[0]:.0f} cpu_median_ms={cpu[len(cpu)//2]:.0f}"
    print(line)

if __name__ == "__main__":
    main()
