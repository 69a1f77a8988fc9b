# Sourced by before-after.sh and config-ab.sh. run_rounds ROUNDS NAME:PORT:PID...: ROUNDS rounds of nsload 16 x 1,
# 16 x 32 and 1 x 1 (5 s each, Topic-0..Topic-99) against every target, the order rotated each round; each line
# carries the target process's CPU time over the run in clock ticks (1/100 s): CPU per request is less noisy than
# throughput on a shared machine.
run_rounds() {
  local rounds=$1; shift
  local targets=("$@") topics round shape i t name port pid cpu0 out
  topics=$(seq -s, -f 'Topic-%g' 0 99)
  for round in $(seq "$rounds"); do
    for shape in "16 1" "16 32" "1 1"; do
      for i in $(seq 0 $((${#targets[@]} - 1))); do
        t=${targets[$(( (i + round) % ${#targets[@]} ))]}
        IFS=: read -r name port pid <<< "$t"
        cpu0=$(awk '{print $14 + $15}' "/proc/$pid/stat")
        # shellcheck disable=SC2086 # shape is "conns depth"
        out=$(timeout 30 /tmp/nsload 127.0.0.1 "$port" $shape 5 "$topics")
        echo "round $round, ${shape/ / x }, $name: $out cpu_ticks=$(( $(awk '{print $14 + $15}' "/proc/$pid/stat") - cpu0 ))"
      done
    done
  done
}
