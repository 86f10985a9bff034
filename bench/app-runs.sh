#!/usr/bin/env bash
# API-triggered runs of a published app (issue 7's figure): `paddock serve --demo` on a fresh
# data dir (SQLite, or the PostgreSQL database DATABASE_URL names); the demo builder publishes
# a 5-step app without a model in dev with an API for all staff; the demo consumer's API key
# then runs it with `POST /api/v1/apps/it-service-desk/five-steps/runs?wait=10` from wrk for
# DURATION seconds over CONNECTIONS connections. Every 200 is a run that was checked, queued,
# audited, claimed, run, recorded and answered with its outputs.
# Usage: bench/app-runs.sh BIN [DURATION=10] [CONNECTIONS=16] [DATABASE_URL]
set -euo pipefail
bin=$1 duration=${2:-10} connections=${3:-16} database_url=${4:-}
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }
here=$(cd "$(dirname "$0")" && pwd)
data_dir=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
database=()
[ -n "$database_url" ] && database=(--database-url "$database_url")
"$bin" serve --demo --data-dir "$data_dir" --listen "127.0.0.1:$port" "${database[@]}" 2>"$data_dir/server.log" &
pid=$!
trap 'kill -TERM $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$data_dir"' EXIT
until curl -sf -o /dev/null "$base/readyz"; do
  kill -0 "$pid" 2>/dev/null || { cat "$data_dir/server.log" >&2; exit 1; }
  sleep 0.05
done

json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }
sign_in() {
  curl -sf -c "$data_dir/$1.jar" -H 'Content-Type: application/json' \
    -d "{\"email\":\"$1@demo.local\",\"password\":\"paddock-demo\"}" "$base/api/v1/auth/login" | json '["csrf_token"]'
}
call() { # who method path [body]
  curl -sf -b "$data_dir/$1.jar" -H "X-CSRF-Token: ${csrf[$1]}" -H 'Content-Type: application/json' \
    -X "$2" "$base$3" ${4:+-d "$4"}
}
declare -A csrf=([admin]=$(sign_in admin) [builder]=$(sign_in builder) [consumer]=$(sign_in consumer))
all_staff=$(call admin GET /api/v1/groups | json '["groups"]' | python3 -c \
  'import ast,sys; print(next(g["id"] for g in ast.literal_eval(sys.stdin.read()) if g["name"] == "All staff"))')
definition=$(python3 -c 'import json; print(json.dumps("""apiVersion: paddock/v1
kind: Workflow
name: five-steps
inputs:
  n: { type: integer, required: true }
steps:
  - { id: s0, uses: template, with: { value: "{{ inputs.n }}" } }
  - { id: s1, uses: template, with: { value: "{{ steps.s0.output + 1 }}" } }
  - { id: s2, uses: template, with: { value: "{{ steps.s1.output + 1 }}" } }
  - { id: s3, uses: template, with: { value: "{{ steps.s2.output + 1 }}" } }
  - { id: s4, uses: template, with: { value: "{{ steps.s3.output + 1 }}" } }
outputs:
  last: "{{ steps.s4.output }}"
"""))')
workflow=/api/v1/workspaces/it-service-desk/workflows/five-steps
call builder PUT "$workflow" "{\"definition\": $definition, \"base_revision\": null}" >/dev/null
version=$(call builder POST "$workflow/versions" '{"message":"benchmark"}' | json '["number"]')
call builder POST "$workflow/reviews" "{\"version\": $version, \"environment\": \"dev\", \"message\": \"benchmark\",
  \"interfaces\": {\"api\": {\"audience\": [\"$all_staff\"], \"clearance\": \"internal\"}}}" >/dev/null
export PADDOCK_BENCH_TOKEN=$(call consumer POST /api/v1/api-keys '{"name":"app benchmark"}' | json '["token"]')

wrk -t2 -c"$connections" -d"${duration}s" --timeout 15s -s "$here/app-runs.lua" \
  "$base/api/v1/apps/it-service-desk/five-steps/runs?wait=10"
