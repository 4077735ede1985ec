-- Every request POSTs the same body: the file BENCH_BODY_FILE, with Content-Type
-- BENCH_CONTENT_TYPE. The body is built once by the harness, so the client only sends bytes.
dofile("report.lua")

local file = assert(io.open(os.getenv("BENCH_BODY_FILE"), "rb"))
wrk.method = "POST"
wrk.body = file:read("*a")
file:close()
wrk.headers["Content-Type"] = os.getenv("BENCH_CONTENT_TYPE")
