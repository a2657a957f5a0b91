-- wrk script for soak.sh: one of three request kinds, and a count of every answer by kind, printed by done().
--   wrk ... -s soak.lua URL -- read   COOKIES_FILE    GET  /api/auth/session, each request the next Cookie line
--   wrk ... -s soak.lua URL -- update COOKIES_FILE    POST /api/auth/session {"csrfToken":…,"data":{"name":"x"}}, the
--                                                     token taken from the line's own CSRF cookie (token|hash)
--   wrk ... -s soak.lua URL -- signin CSRF_COOKIE TOKEN [USERS]
--                                                     POST /api/auth/callback/credentials (demo/admin alternating)
-- The answers are classified in response(): status (2xx, 429, 500, 503, other), and for 200 whether the body is a
-- signed-in session ("user"), the signed-out `{}`, or (sign-in) a success (a JSON url without an error). A per-second
-- timeline of those classes is printed too, so soak.sh can read what was answered during a fault.
-- wrk has no per-connection hook: a thread's connections share one counter (as in rotate.lua).
local requests = {}
local count = 0
local position = 0
local threads = {}
local mode
-- globals, not locals: done() reads them from each thread with thread:get
counts = {}
timeline = {}

local function bump(key)
  counts[key] = (counts[key] or 0) + 1
  -- flat "second:class" keys, all strings: wrk copies a thread's table with lua_next, which nested or number keys break
  local slot = os.time() .. ":" .. key
  timeline[slot] = (timeline[slot] or 0) + 1
end

function setup(thread)
  thread:set("offset", #threads)
  table.insert(threads, thread)
end

local function unescape(s)
  return (s:gsub("%%(%x%x)", function(h) return string.char(tonumber(h, 16)) end))
end

local function lines(file)
  local out = {}
  for line in io.lines(file) do
    if line ~= "" then table.insert(out, line) end
  end
  if #out == 0 then error("soak.lua: no lines in " .. file) end
  return out
end

function init(args)
  mode = args[1] or error("soak.lua: no mode (read, update or signin)")
  if mode == "read" then
    for _, line in ipairs(lines(args[2])) do
      count = count + 1
      requests[count] = wrk.format("GET", nil, { ["Cookie"] = line })
    end
  elseif mode == "update" then
    for _, line in ipairs(lines(args[2])) do
      local csrf = line:match("csrf%-token=([^;]+)") or error("soak.lua: a line without a CSRF cookie")
      local token = unescape(csrf):match("^([^|]+)|")
      local body = '{"csrfToken":"' .. token .. '","data":{"name":"x"}}'
      count = count + 1
      requests[count] = wrk.format("POST", nil, { ["Cookie"] = line, ["Content-Type"] = "application/json" }, body)
    end
  elseif mode == "signin" then
    local cookie, token = args[2], args[3]
    for _, user in ipairs({ "demo", "admin" }) do
      local body = "username=" .. user .. "&password=demo-password&csrfToken=" .. token .. "&json=true"
      count = count + 1
      requests[count] = wrk.format("POST", nil,
        { ["Cookie"] = cookie, ["Content-Type"] = "application/x-www-form-urlencoded" }, body)
    end
  else
    error("soak.lua: unknown mode " .. mode)
  end
  position = ((offset or 0) * 7919) % count
end

function request()
  position = position + 1
  if position > count then position = 1 end
  return requests[position]
end

function response(status, headers, body)
  if status == 200 then
    if mode == "signin" then
      -- wrk keeps one value per header name (the last Set-Cookie is the rotated CSRF cookie), so the session cookie
      -- cannot be seen here: soak.sh checks it with curl before and after the run. Here: a 200 whose JSON url has no error.
      if body:find('"url"', 1, true) and not body:find("error=", 1, true) then bump("ok") else bump("failed") end
    elseif body:find('"user"', 1, true) then
      bump("signed_in")
    elseif body == "{}" then
      bump("signed_out")
    else
      bump("other_200")
    end
  elseif status >= 200 and status < 300 then
    bump("2xx")
  elseif status == 429 or status == 500 or status == 503 then
    bump("s" .. status)
  else
    bump("other_status")
  end
end

function done(summary, latency, reqs)
  local total, seconds = {}, {}
  for _, thread in ipairs(threads) do
    for k, v in pairs(thread:get("counts") or {}) do total[k] = (total[k] or 0) + v end
    for slot, v in pairs(thread:get("timeline") or {}) do
      local s, k = slot:match("^(%d+):(.+)$")
      seconds[s] = seconds[s] or {}
      seconds[s][k] = (seconds[s][k] or 0) + v
    end
  end
  for k, v in pairs(total) do io.write(string.format("soak: %s %d\n", k, v)) end
  local keys = {}
  for s in pairs(seconds) do table.insert(keys, s) end
  table.sort(keys, function(a, b) return tonumber(a) < tonumber(b) end)
  for _, s in ipairs(keys) do
    local parts = {}
    for k, v in pairs(seconds[s]) do table.insert(parts, k .. "=" .. v) end
    table.sort(parts)
    io.write(string.format("second: %s %s\n", s, table.concat(parts, " ")))
  end
end
