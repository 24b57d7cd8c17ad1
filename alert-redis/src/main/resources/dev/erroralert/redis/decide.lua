-- One atomic step of the deduplication store (see dev.erroralert.store.DedupStore).
--
-- KEYS[1]  the fingerprint's record, a hash: <prefix>{<fingerprint>}
-- ARGV[1]  delta, the occurrences to count (at least 1)
-- ARGV[2]  now, in epoch milliseconds
-- ARGV[3]  the first window in milliseconds, the lifetime of a record holding one occurrence
-- ARGV[4]  the repeat window in milliseconds, the lifetime after every later step (sliding)
--
-- Returns {count, first}: the count after this step and when the live record was created.

local record = KEYS[1]
local delta = tonumber(ARGV[1])
local now = ARGV[2]

-- An expired record is already gone, so the increment starts a new one from zero.
local count = redis.call('HINCRBY', record, 'count', delta)
if count == delta then
    redis.call('HSET', record, 'first', now, 'last', now)
else
    redis.call('HSET', record, 'last', now)
end

local window = ARGV[4]
if count == 1 then
    window = ARGV[3]
end
redis.call('PEXPIRE', record, window)

return {count, tonumber(redis.call('HGET', record, 'first'))}
