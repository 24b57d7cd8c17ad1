-- Count an alert sent for one step of a fingerprint (see dev.erroralert.store.DedupStore#recordAlerted).
--
-- KEYS[1]  the bucket's pending counts for the history: <prefix>{<b>}pending
-- KEYS[2]  the bucket's episodes: <prefix>{<b>}episodes
-- ARGV[1]  the fingerprint
-- ARGV[2]  the occurrences the alert covered
-- ARGV[3]  when the step's episode began (its record's first), epoch milliseconds
-- ARGV[4]  now, epoch milliseconds
-- ARGV[5]  '1' when the history's write-back is kept
-- ARGV[6]  '1' when episodes are kept
--
-- Returns 1 when the episode counted the alert, 0 when that episode is over (or not kept).

local fp = ARGV[1]
local delta = tonumber(ARGV[2])

if ARGV[5] == '1' then
    local pending = KEYS[1]
    local sent = redis.call('HINCRBY', pending, fp .. ':sent', 1)
    redis.call('HINCRBY', pending, fp .. ':alerted', delta)
    -- The occurrences may have been taken by a write-back in between: the delta then carries the alert alone. Only
    -- an entry's first alert can find it so, and first and last are always set together.
    if sent == 1 and redis.call('HSETNX', pending, fp .. ':first', ARGV[4]) == 1 then
        redis.call('HSET', pending, fp .. ':last', ARGV[4])
    end
end

if ARGV[6] == '1' and redis.call('HGET', KEYS[2], fp .. ':first') == ARGV[3] then
    redis.call('HINCRBY', KEYS[2], fp .. ':alerted', delta)
    return 1
end
return 0
