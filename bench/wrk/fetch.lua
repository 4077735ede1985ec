-- Every request GETs BENCH_PATH with its "%d" replaced by a random integer from BENCH_FROM to
-- BENCH_TO, so concurrent readers read different parts of the log, not one cached page.
dofile("report.lua")

local template = os.getenv("BENCH_PATH")
local from = tonumber(os.getenv("BENCH_FROM"))
local to = tonumber(os.getenv("BENCH_TO"))

function init(args)
  math.randomseed(os.time() + math.floor(os.clock() * 1e6))
end

function request()
  return wrk.format(nil, string.format(template, math.random(from, to)))
end
