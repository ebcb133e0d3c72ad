-- wrk script for bench/loadtest.sh: each request is a page (70 %) or a search (30 %), a path
-- picked at random from the file $LOADTEST_PATHS (written by bench/loadtest_paths.py), sent as
-- the TLS proxy in front of gunicorn would pass it on (X-Forwarded-Proto: https), and the
-- answers are counted by status.
local paths = {page = {}, search = {}}
counts = {}  -- a global: done() reads each thread's through thread:get
local threads = {}

local function load_paths()
  local file = assert(io.open(os.getenv("LOADTEST_PATHS"), "r"))
  for line in file:lines() do
    local kind, path = line:match("^(%a+)\t(.+)$")
    if kind then table.insert(paths[kind], path) end
  end
  file:close()
  assert(#paths.page > 0 and #paths.search > 0, "no paths to request")
end

function setup(thread)
  thread:set("id", #threads + 1)
  threads[#threads + 1] = thread
end

function init(args)
  load_paths()
  math.randomseed(20230323 + id)

  wrk.headers["X-Forwarded-Proto"] = "https"
  wrk.headers["Host"] = "localhost"
end

function request()
  local list = math.random() < 0.7 and paths.page or paths.search
  return wrk.format("GET", list[math.random(#list)])
end

function response(status, headers, body)
  counts[status] = (counts[status] or 0) + 1
end

function done(summary, latency, requests)
  local by_status = {}
  for _, thread in ipairs(threads) do
    for status, n in pairs(thread:get("counts")) do
      by_status[status] = (by_status[status] or 0) + n
    end
  end
  local statuses = {}
  for status, n in pairs(by_status) do statuses[#statuses + 1] = string.format('"%d": %d', status, n) end
  local errors = summary.errors
  io.write(string.format(
    'RESULT {"requests": %d, "seconds": %.2f, "requests_per_s": %.1f, "p50_ms": %.1f, "p90_ms": %.1f, ' ..
    '"p99_ms": %.1f, "max_ms": %.1f, "errors": {"connect": %d, "read": %d, "write": %d, "timeout": %d, ' ..
    '"status": %d}, "by_status": {%s}}\n',
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, errors.connect, errors.read, errors.write, errors.timeout, errors.status,
    table.concat(statuses, ", ")))
end
