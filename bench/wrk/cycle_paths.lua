-- wrk script shared by the benchmarks: every thread cycles through the request targets listed one
-- per line in the file named by WRK_PATHS (each thread from its own offset, so threads do not
-- march in step), asking for gzip like a browser. done() prints one JSON line of figures.
local paths = {}
for line in io.lines(os.getenv("WRK_PATHS")) do paths[#paths + 1] = line end
local counter = 0
setup = function(thread) thread:set("offset", counter * 37); counter = counter + 1 end
init = function() i = offset or 0 end
request = function()
    i = i % #paths + 1
    return wrk.format("GET", paths[i], {["Accept-Encoding"] = "gzip"})
end
done = function(summary, latency, requests)
    local e = summary.errors
    io.write(string.format(
        '{"requests": %d, "requests_per_s": %.1f, "socket_errors": %d, "timeouts": %d, ' ..
        '"non_2xx": %d, "p50_ms": %.1f, "p99_ms": %.1f, "max_ms": %.1f}\n',
        summary.requests, summary.requests / (summary.duration / 1e6),
        e.connect + e.read + e.write, e.timeout, e.status,
        latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
