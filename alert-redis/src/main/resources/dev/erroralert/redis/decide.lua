-- One atomic step of the deduplication store (see dev.erroralert.store.DedupStore).
--
-- Every key of one call shares the hash tag {<b>}, b the fingerprint's first hex digit: a Cluster keeps them in one
-- slot, and the write-back finds every pending count in 16 known keys instead of scanning the keyspace.
--
-- KEYS[1]  the fingerprint's record, a hash: <prefix>{<b>}<fingerprint>
-- KEYS[2]  the bucket's pending counts for the history, a hash: <prefix>{<b>}pending
-- KEYS[3]  the bucket's episodes, a hash kept beyond the records' expiry: <prefix>{<b>}episodes
-- KEYS[4]  when each episode of the bucket ends, a sorted set: <prefix>{<b>}quiet
-- ARGV[1]  delta, the occurrences to count (at least 1)
-- ARGV[2]  now, in epoch milliseconds
-- ARGV[3]  the first window in milliseconds, the lifetime of a record holding one occurrence
-- ARGV[4]  the repeat window in milliseconds, the lifetime after every later step (sliding)
-- ARGV[5]  the fingerprint
-- ARGV[6]  '1' to keep the occurrences pending for the history's write-back
-- ARGV[7]  '1' to keep the episode for a quiet summary
-- ARGV[8]  the error's details, encoded by the store, or '' when unknown
--
-- Returns {count, first}: the count after this step and when the live record was created.

local record = KEYS[1]
local delta = tonumber(ARGV[1])
local now = ARGV[2]
local fp = ARGV[5]
local details = ARGV[8]

-- An expired record is already gone, so the increment starts a new one from zero.
local count = redis.call('HINCRBY', record, 'count', delta)
local fresh = count == delta
if fresh then
    redis.call('HSET', record, 'first', now, 'last', now)
else
    redis.call('HSET', record, 'last', now)
end

local window = ARGV[4]
if count == 1 then
    window = ARGV[3]
end
redis.call('PEXPIRE', record, window)
local first = redis.call('HGET', record, 'first')

if ARGV[6] == '1' then
    local pending = KEYS[2]
    redis.call('HINCRBY', pending, fp .. ':n', delta)
    redis.call('HSETNX', pending, fp .. ':first', now)
    redis.call('HSET', pending, fp .. ':last', now)
    if details ~= '' then
        redis.call('HSETNX', pending, fp .. ':details', details)
    end
end

if ARGV[7] == '1' then
    local episodes = KEYS[3]
    -- A new record begins a new episode; so does one whose episode was not kept (tracking was off, or it was taken).
    if fresh or redis.call('HGET', episodes, fp .. ':first') ~= first then
        redis.call('HSET', episodes, fp .. ':first', first, fp .. ':alerted', 0)
        redis.call('HDEL', episodes, fp .. ':details', fp .. ':threads')
    end
    redis.call('HSET', episodes, fp .. ':last', now, fp .. ':count', count)
    if details ~= '' then
        redis.call('HSETNX', episodes, fp .. ':details', details)
    end
    redis.call('ZADD', KEYS[4], tonumber(now) + tonumber(window), fp)
end

return {count, tonumber(first)}
