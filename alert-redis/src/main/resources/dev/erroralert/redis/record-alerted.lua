-- Count the alerts sent for steps of one bucket, one or several in one call (see
-- dev.erroralert.store.DedupStore#recordAlertedAll).
--
-- KEYS[1]  the bucket's pending counts for the history: <prefix>{<b>}pending
-- KEYS[2]  the bucket's episodes: <prefix>{<b>}episodes
-- ARGV[1]  now, epoch milliseconds
-- ARGV[2]  '1' when the history's write-back is kept
-- ARGV[3]  '1' when episodes are kept
-- ARGV[1+3i] .. ARGV[3+3i]  the i-th alert's fingerprint, the occurrences it covered, and when its step's episode
--          began (its record's first), epoch milliseconds
--
-- Returns how many of the alerts their episode counted.

local now = ARGV[1]
local writeBack = ARGV[2] == '1'
local quiet = ARGV[3] == '1'
local counted = 0

for i = 1, (#ARGV - 3) / 3 do
    local fp = ARGV[1 + 3 * i]
    local delta = tonumber(ARGV[2 + 3 * i])
    if writeBack then
        local sent = redis.call('HINCRBY', KEYS[1], fp .. ':sent', 1)
        redis.call('HINCRBY', KEYS[1], fp .. ':alerted', delta)
        -- The occurrences may have been taken by a write-back in between: the delta then carries the alert alone. Only
        -- an entry's first alert can find it so, and first and last are always set together.
        if sent == 1 and redis.call('HSETNX', KEYS[1], fp .. ':first', now) == 1 then
            redis.call('HSET', KEYS[1], fp .. ':last', now)
        end
    end
    -- Only an alert of the episode still kept counts in it: a note that comes after its episode ended is not its.
    if quiet and redis.call('HGET', KEYS[2], fp .. ':first') == ARGV[3 + 3 * i] then
        redis.call('HINCRBY', KEYS[2], fp .. ':alerted', delta)
        counted = counted + 1
    end
end
return counted
