-- Several errors of one bucket counted in one call: the slow sync of errors an instance knows to stay suppressed.
-- Each error's step is the one of decide.lua; see there for the keys' layout.
--
-- KEYS[1]  the bucket's pending counts for the history: <prefix>{<b>}pending
-- KEYS[2]  the bucket's episodes: <prefix>{<b>}episodes
-- KEYS[3]  when each episode of the bucket ends: <prefix>{<b>}quiet
-- KEYS[3+i] the record of the i-th error: <prefix>{<b>}<fingerprint>
-- ARGV[1]  now, in epoch milliseconds
-- ARGV[2]  the first window in milliseconds
-- ARGV[3]  the repeat window in milliseconds
-- ARGV[4]  '1' to keep the occurrences pending for the history's write-back
-- ARGV[5]  '1' to keep the episode for a quiet summary
-- ARGV[3+3i], ARGV[4+3i], ARGV[5+3i]  the i-th error's fingerprint, delta and encoded details ('' when unknown)
--
-- Returns {count1, first1, count2, first2, ...}: each record's count after its step and when it was created.

local now = ARGV[1]
local writeBack = ARGV[4] == '1'
local quiet = ARGV[5] == '1'
local result = {}

for i = 1, #KEYS - 3 do
    local record = KEYS[3 + i]
    local fp = ARGV[3 + 3 * i]
    local delta = tonumber(ARGV[4 + 3 * i])
    local details = ARGV[5 + 3 * i]

    local count = redis.call('HINCRBY', record, 'count', delta)
    local fresh = count == delta
    local first
    if fresh then
        redis.call('HSET', record, 'first', now, 'last', now)
        first = now
    else
        redis.call('HSET', record, 'last', now)
        first = redis.call('HGET', record, 'first')
    end
    local window = ARGV[3]
    if count == 1 then
        window = ARGV[2]
    end
    redis.call('PEXPIRE', record, window)

    if writeBack then
        redis.call('HINCRBY', KEYS[1], fp .. ':n', delta)
        redis.call('HSETNX', KEYS[1], fp .. ':first', now)
        redis.call('HSET', KEYS[1], fp .. ':last', now)
        if details ~= '' then
            redis.call('HSETNX', KEYS[1], fp .. ':details', details)
        end
    end

    if quiet then
        if fresh or redis.call('HGET', KEYS[2], fp .. ':first') ~= first then
            redis.call('HSET', KEYS[2], fp .. ':first', first, fp .. ':alerted', 0)
            redis.call('HDEL', KEYS[2], fp .. ':details', fp .. ':threads')
        end
        redis.call('HSET', KEYS[2], fp .. ':last', now, fp .. ':count', count)
        if details ~= '' then
            redis.call('HSETNX', KEYS[2], fp .. ':details', details)
        end
        redis.call('ZADD', KEYS[3], tonumber(now) + tonumber(window), fp)
    end

    result[2 * i - 1] = count
    result[2 * i] = tonumber(first)
end

return result
