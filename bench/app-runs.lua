-- wrk script for bench/app-runs.sh: every request runs the published 5-step app through its
-- API with ?wait, so a 200 is a durable run that has ended; each request has its own input.
local counter = 0

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("PADDOCK_BENCH_TOKEN")

request = function()
  counter = counter + 1
  return wrk.format(nil, nil, nil, '{"inputs":{"n":' .. counter .. '}}')
end

done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  io.write(string.format("wrk: %d runs in %.1f s = %.0f runs/s, %d non-2xx, %d errors, p50 %.2f ms, p99 %.2f ms\n",
    summary.requests, seconds, summary.requests / seconds, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
