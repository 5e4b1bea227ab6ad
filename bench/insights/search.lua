-- wrk script: typical searches, one after another (issue 21): common and rare words, a phrase, an
-- exclusion, a source's author, part of a quote, a filter. Counts statuses with status.lua.
dofile("bench/status.lua")
local queries = {
  "/api/search?q=cheka",
  "/api/search?q=famine%20kulaks",
  "/api/search?q=%22red%20terror%22",
  "/api/search?q=purges%20-stalin",
  "/api/search?q=figes",
  "/api/search?q=collectivisation&sort=newest",
  "/api/search?q=evidence&hasSources=true",
  "/api/search?q=lenin&tag=chronology",
  "/api/search?q=revolu",
  "/api/search?q=bolsheviks&document=red-terror-essay&sort=upvotes",
}
local counting_init = init
function init(args)
  counting_init(args)
  n = 0
end
function request()
  n = n + 1
  return wrk.format(nil, queries[(n % #queries) + 1])
end
