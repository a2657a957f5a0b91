-- wrk script for run.sh's SESSIONS=N mode: every request carries the next Cookie header of a file (one header a line),
-- so N distinct sessions are read in turn and no cookie repeats within N requests.
--   wrk ... -s rotate.lua URL -- COOKIES_FILE
-- wrk has no per-connection hook: a thread's connections share one counter, so the connections in flight hold
-- consecutive, different cookies; each thread starts at its own offset. The requests are formatted once, at start-up,
-- so a request costs the load generator a table lookup more than a static one.
local requests = {}
local count = 0
local position = 0
local threads = 0

function setup(thread)
  thread:set("offset", threads)
  threads = threads + 1
end

function init(args)
  local file = args[1] or error("rotate.lua: no cookies file (wrk ... -s rotate.lua URL -- FILE)")
  for line in io.lines(file) do
    if line ~= "" then
      count = count + 1
      requests[count] = wrk.format(nil, nil, { ["Cookie"] = line })
    end
  end
  if count == 0 then error("rotate.lua: no cookies in " .. file) end
  -- each thread starts elsewhere in the file (the first at its start)
  position = ((offset or 0) * 7919) % count
end

function request()
  position = position + 1
  if position > count then position = 1 end
  return requests[position]
end
