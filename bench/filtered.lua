-- wrk script: the container page with a creator= value never asked before on every request (issue 20:
-- a new filter value misses the listing's state cache, so the server evaluates that listing anew each
-- time; this is the price one client can make it pay). The names belong to no one: the pages are empty,
-- what is measured is the work before rendering. Counts statuses as status.lua does.
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args)
  counts = {}
  n = 0
  salt = tostring(math.random(1, 1000000000))
end
function request()
  n = n + 1
  return wrk.format(nil, wrk.path .. "&creator=nobody-" .. salt .. "-" .. n)
end
function response(status, headers, body) counts[status] = (counts[status] or 0) + 1 end
function done(summary, latency, requests)
  local total = {}
  for _, t in ipairs(threads) do
    local c = t:get("counts")
    for status, n in pairs(c) do total[status] = (total[status] or 0) + n end
  end
  for status, n in pairs(total) do io.write(string.format("status %d: %d\n", status, n)) end
end
