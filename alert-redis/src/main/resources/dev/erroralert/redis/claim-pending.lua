-- Claim a bucket's pending counts for the history's write-back (see dev.erroralert.history.PendingCounts#claim).
--
-- KEYS[1]  the bucket's pending counts: <prefix>{<b>}pending
-- KEYS[2]  the bucket's claimed batches, id by claim time: <prefix>{<b>}batches
-- ARGV[1]  the key prefix of a batch, up to its id: <prefix>{<b>}batch:
-- ARGV[2]  the id for a new batch
-- ARGV[3]  now, epoch milliseconds
-- ARGV[4]  the lease in milliseconds: a batch claimed longer ago by another instance is taken over
-- ARGV[5]  this instance's id, which begins the ids of its batches
--
-- Returns the ids of the batches claimed: this instance's unacknowledged ones, stale ones of other instances, and a
-- new one holding everything pending — unless this instance still holds one of its own here: then what is pending
-- stays pending and keeps merging, so an outage of the history grows no pile of batches. Batch keys share the
-- bucket's hash tag, so a Cluster keeps them in its slot.

local now = tonumber(ARGV[3])
local staleBefore = now - tonumber(ARGV[4])
local owner = ARGV[5]
local claimed = {}
local holdsOwn = false

local batches = redis.call('ZRANGE', KEYS[2], 0, -1, 'WITHSCORES')
for i = 1, #batches, 2 do
    local id = batches[i]
    local own = string.sub(id, 1, #owner) == owner
    if own or tonumber(batches[i + 1]) <= staleBefore then
        if redis.call('EXISTS', ARGV[1] .. id) == 1 then
            redis.call('ZADD', KEYS[2], now, id)
            table.insert(claimed, id)
            holdsOwn = holdsOwn or own
        else
            redis.call('ZREM', KEYS[2], id)
        end
    end
end

if not holdsOwn and redis.call('EXISTS', KEYS[1]) == 1 then
    redis.call('RENAME', KEYS[1], ARGV[1] .. ARGV[2])
    redis.call('ZADD', KEYS[2], now, ARGV[2])
    table.insert(claimed, ARGV[2])
end
return claimed
