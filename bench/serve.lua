-- wrk script for bench/serve.sh: each request takes the next path of a list
-- (a file of request paths, one a line, given after wrk's `--`), so that a
-- run measures many different queries rather than one answer kept hot.
-- Each wrk thread starts at its own place in the list.
local paths = {}
local next_index = 0

function init(args)
  for line in io.lines(args[1]) do
    if #line > 0 then paths[#paths + 1] = line end
  end
  if #paths == 0 then error("bench/serve.lua: no request path in " .. tostring(args[1])) end
  next_index = (id or 0) * 7919 % #paths
end

function setup(thread)
  thread:set("id", thread_count or 0)
  thread_count = (thread_count or 0) + 1
end

function request()
  next_index = next_index % #paths + 1
  return wrk.format(nil, paths[next_index])
end
