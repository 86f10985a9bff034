-- wrk script for bench/http-runs.sh: every request starts a durable test run of a 5-step
-- workflow without a model (a chain of templates), with its own input.
local counter = 0
local definition = table.concat({
  "apiVersion: paddock/v1",
  "kind: Workflow",
  "name: five-steps",
  "inputs:",
  "  n: { type: integer, required: true }",
  "steps:",
  "  - { id: s0, uses: template, with: { value: '{{ inputs.n }}' } }",
  "  - { id: s1, uses: template, with: { value: '{{ steps.s0.output + 1 }}' } }",
  "  - { id: s2, uses: template, with: { value: '{{ steps.s1.output + 1 }}' } }",
  "  - { id: s3, uses: template, with: { value: '{{ steps.s2.output + 1 }}' } }",
  "  - { id: s4, uses: template, with: { value: '{{ steps.s3.output + 1 }}' } }",
  "outputs:",
  "  last: '{{ steps.s4.output }}'",
}, "\\n")

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("PADDOCK_BENCH_TOKEN")

request = function()
  counter = counter + 1
  local body = '{"definition":"' .. definition .. '","inputs":{"n":' .. counter .. '}}'
  return wrk.format(nil, nil, nil, body)
end

done = function(summary, latency, requests)
  io.write(string.format("wrk: %d requests, %d non-2xx, %d errors, p50 %.2f ms, p99 %.2f ms\n",
    summary.requests, summary.errors.status, summary.errors.connect + summary.errors.read +
    summary.errors.write + summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
