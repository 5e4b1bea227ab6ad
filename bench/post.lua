-- wrk script: POST one annotation per request (a highlight with a tag and a source).
local f = io.open(os.getenv("BENCH_POST_BODY"), "r")
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"'
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN")
