-- Take the episodes of a bucket that ended (see dev.erroralert.history.QuietEpisodes#takeQuiet).
--
-- KEYS[1]  the bucket's episodes: <prefix>{<b>}episodes
-- KEYS[2]  when each episode of the bucket ends: <prefix>{<b>}quiet
-- ARGV[1]  the key prefix of the bucket's records, up to the fingerprint: <prefix>{<b>}
-- ARGV[2]  now, epoch milliseconds
-- ARGV[3]  the most episodes to return
--
-- An episode has ended when its record is gone (Redis expired it); one whose record still lives was extended by
-- another instance's step, and is looked at again when the record's lifetime ends. Ended episodes are forgotten in
-- the same step, so two instances never both take one. Records are read by name: they share the bucket's hash tag,
-- hence its slot.
--
-- Returns a flat list, seven values per episode with occurrences not alerted: fingerprint, first, last, count,
-- alerted, details ('' when unknown), threads (destination=thread pairs joined by commas, '' when none).

local now = tonumber(ARGV[2])
local max = tonumber(ARGV[3])
local episodes = KEYS[1]
local taken = {}
local found = 0

local due = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now, 'LIMIT', 0, 200)
for _, fp in ipairs(due) do
    if found >= max then
        break
    end
    local remaining = redis.call('PTTL', ARGV[1] .. fp)
    if remaining > 0 then
        redis.call('ZADD', KEYS[2], now + remaining, fp)
    else
        local values = redis.call('HMGET', episodes, fp .. ':first', fp .. ':last', fp .. ':count', fp .. ':alerted',
            fp .. ':details', fp .. ':threads')
        redis.call('HDEL', episodes, fp .. ':first', fp .. ':last', fp .. ':count', fp .. ':alerted', fp .. ':details',
            fp .. ':threads')
        redis.call('ZREM', KEYS[2], fp)
        if values[1] and tonumber(values[3]) > tonumber(values[4]) then
            table.insert(taken, fp)
            table.insert(taken, values[1])
            table.insert(taken, values[2])
            table.insert(taken, values[3])
            table.insert(taken, values[4])
            table.insert(taken, values[5] or '')
            table.insert(taken, values[6] or '')
            found = found + 1
        end
    end
end
return taken
