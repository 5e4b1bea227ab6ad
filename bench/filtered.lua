-- wrk script: the container page with a creator= value never asked before on every request (issue 20:
-- a new filter value misses the listing's state cache, so the server evaluates that listing anew each
-- time; this is the price one client can make it pay). The names belong to no one: the pages are empty,
-- what is measured is the work before rendering. Counts statuses with status.lua (run from the repository).
dofile("bench/status.lua")
local counting_setup = setup
local threads_made = 0
function setup(thread)
  counting_setup(thread)
  threads_made = threads_made + 1
  thread:set("id", threads_made) -- each thread's own names (every Lua state draws the same random numbers)
end
local counting_init = init
function init(args)
  counting_init(args)
  n = 0
end
function request()
  n = n + 1
  return wrk.format(nil, wrk.path .. "&creator=nobody-" .. id .. "-" .. n)
end
