-- Claim the reminders due in a bucket (see dev.erroralert.history.BurningErrors#claimReminders).
--
-- KEYS[1]  the bucket's episodes: <prefix>{<b>}episodes
-- KEYS[2]  when each episode of the bucket ends, a sorted set: <prefix>{<b>}quiet
-- ARGV[1]  the key prefix of the bucket's records, up to the fingerprint: <prefix>{<b>}
-- ARGV[2]  now, epoch milliseconds
-- ARGV[3]  the reminder interval, milliseconds
-- ARGV[4]  the most reminders to claim
--
-- The live episodes are those whose end lies ahead. A reminder is due for one whose record lives, with occurrences
-- not alerted, counted further since its last reminder, and whose last reminder (or first occurrence) is an interval
-- or more ago. The claim is written on the record itself (fields 'reminded' and 'reminded_count'), so it ends with the
-- record: a new episode starts with no reminder. Claiming in the script makes it atomic: of instances checking
-- together, one claims the reminder, the others find it not due.
--
-- Returns a flat list, six values per reminder: fingerprint, first, since (the last reminder or the first occurrence),
-- count, count since then, details ('' when unknown).

local now = tonumber(ARGV[2])
local interval = tonumber(ARGV[3])
local max = tonumber(ARGV[4])
local episodes = KEYS[1]
local claimed = {}
local found = 0

local live = redis.call('ZRANGEBYSCORE', KEYS[2], '(' .. ARGV[2], '+inf', 'LIMIT', 0, 1000)
for _, fp in ipairs(live) do
    if found >= max then
        break
    end
    local record = ARGV[1] .. fp
    local values = redis.call('HMGET', record, 'count', 'first', 'reminded', 'reminded_count')
    if values[1] then
        local count = tonumber(values[1])
        local sinceText = values[3] or values[2]
        local since = tonumber(sinceText)
        local countThen = tonumber(values[4] or '0')
        local kept = redis.call('HMGET', episodes, fp .. ':first', fp .. ':alerted', fp .. ':details')
        -- The alerts of an earlier episode do not count for this one.
        local alerted = 0
        if kept[1] == values[2] then
            alerted = tonumber(kept[2] or '0')
        end
        if count > alerted and count > countThen and now - since >= interval then
            redis.call('HSET', record, 'reminded', ARGV[2], 'reminded_count', count)
            table.insert(claimed, fp)
            table.insert(claimed, values[2])
            table.insert(claimed, sinceText)
            table.insert(claimed, values[1])
            table.insert(claimed, tostring(count - countThen))
            table.insert(claimed, (kept[1] == values[2] and kept[3]) or '')
            found = found + 1
        end
    end
end
return claimed
