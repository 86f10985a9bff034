#!/usr/bin/env bash
# One start of `paddock serve --demo` until /readyz answers 200, then a clean stop.
# Usage: bench/start-to-ready.sh BIN DATA_DIR PORT   (timed by hyperfine in bench/startup.sh)
set -euo pipefail
bin=$1 data_dir=$2 port=$3
"$bin" serve --demo --data-dir "$data_dir" --listen "127.0.0.1:$port" 2>/dev/null &
pid=$!
until curl -sf -o /dev/null "http://127.0.0.1:$port/readyz"; do
  kill -0 "$pid" 2>/dev/null || { echo "paddock exited before it was ready" >&2; exit 1; }
  sleep 0.002
done
kill -TERM "$pid"
wait "$pid"
