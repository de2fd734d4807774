-- wrk script for the KV cache throughput and memory checks (docs/PERFORMANCE.md, "KV cache").
-- MODE=shared: 8 system prompts of ~1,000 tokens x unique user suffixes (prefix reuse, the cache's normal case).
-- MODE=unique: every prompt unique (no reuse; exercises eviction and shows memory stays bounded).
-- Usage: MODE=shared wrk -t2 -c32 -d20s -s chat-prompts.lua http://127.0.0.1:8123
local mode = os.getenv("MODE") or "shared"
local counter = 0
local tid = 0
local threads = 0

-- Each wrk thread has its own Lua state: number them so their "unique" prompts differ.
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end

function init(args)
  tid = tonumber(wrk.thread:get("tid")) or 0
end
local systems = {}
for p = 1, 8 do
  local words = {}
  for w = 1, 250 do
    words[#words + 1] = "policy" .. p .. " clause " .. w
  end
  systems[p] = table.concat(words, " ")
end

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"

request = function()
  counter = counter + 1
  local id = tid .. "-" .. counter
  local system
  if mode == "unique" then
    system = "unique " .. id .. " " .. systems[(counter % 8) + 1]
  else
    system = systems[(counter % 8) + 1]
  end
  local body = '{"model":"meta-llama/Llama-3.1-8B-Instruct","max_tokens":8,"messages":[' ..
    '{"role":"system","content":"' .. system .. '"},' ..
    '{"role":"user","content":"question ' .. id .. '"}]}'
  return wrk.format(nil, "/v1/chat/completions", nil, body)
end
