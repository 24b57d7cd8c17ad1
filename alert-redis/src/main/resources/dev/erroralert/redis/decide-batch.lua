-- Several errors of one bucket counted in one call: the slow sync of errors an instance knows to stay suppressed.
-- Each error's step is the one of decide.lua; see there for the keys' layout and why a step writes what it does.
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
-- ARGV[6+7(i-1)] .. ARGV[12+7(i-1)]  the i-th error's fingerprint, delta, encoded details ('' when the store holds
--          them or they are unknown), the first its caller believes its live record has ('' when unknown), and the
--          alerts of its earlier steps noted with this one (record-alerted.lua): how many ('0' for none), the
--          occurrences they covered, and when their steps' episode began
--
-- Returns {count1, first1, count2, first2, ...}: each record's count after its step and when it was created.

local now = ARGV[1]
local writeBack = ARGV[4] == '1'
local quiet = ARGV[5] == '1'
local pending = KEYS[1]
local episodes = KEYS[2]
local result = {}

for i = 1, #KEYS - 3 do
    local record = KEYS[3 + i]
    local at = 5 + 7 * (i - 1)
    local fp = ARGV[at + 1]
    local delta = tonumber(ARGV[at + 2])
    local details = ARGV[at + 3]
    local expectedFirst = ARGV[at + 4]
    local alerts = tonumber(ARGV[at + 5])

    local count = redis.call('HINCRBY', record, 'count', delta)
    local fresh = count == delta
    local window = ARGV[3]
    if count == 1 then
        window = ARGV[2]
    end
    local first
    local episodeFirst
    if fresh then
        redis.call('HSET', record, 'first', now)
        first = now
    else
        if quiet then
            episodeFirst = redis.call('HGET', episodes, fp .. ':first')
        end
        if expectedFirst ~= '' and episodeFirst == expectedFirst then
            first = expectedFirst
        else
            first = redis.call('HGET', record, 'first')
        end
    end
    redis.call('PEXPIRE', record, window)

    if writeBack then
        local n = redis.call('HINCRBY', pending, fp .. ':n', delta)
        if n == delta then
            if details ~= '' then
                redis.call('HSET', pending, fp .. ':first', now, fp .. ':last', now, fp .. ':details', details)
            else
                redis.call('HSET', pending, fp .. ':first', now, fp .. ':last', now)
            end
        else
            redis.call('HSET', pending, fp .. ':last', now)
            if details ~= '' then
                redis.call('HSETNX', pending, fp .. ':details', details)
            end
        end
    end

    -- Earlier alerts noted here rather than in a call of their own: this step's pending entry has its times already
    -- (so, unlike record-alerted.lua, none are set), and its episode's first was read when the record was not new.
    if alerts > 0 then
        local alerted = ARGV[at + 6]
        if writeBack then
            redis.call('HINCRBY', pending, fp .. ':sent', alerts)
            redis.call('HINCRBY', pending, fp .. ':alerted', alerted)
        end
        if quiet then
            local current = episodeFirst
            if fresh then
                current = redis.call('HGET', episodes, fp .. ':first')
            end
            -- Before this step's episode is written: a note of an episode this step ends is counted in that episode.
            if current == ARGV[at + 7] then
                redis.call('HINCRBY', episodes, fp .. ':alerted', alerted)
            end
        end
    end

    if quiet then
        if fresh or episodeFirst ~= first then
            local fields = { fp .. ':first', first, fp .. ':alerted', 0, fp .. ':last', now, fp .. ':count', count }
            if details ~= '' then
                table.insert(fields, fp .. ':details')
                table.insert(fields, details)
            end
            local added = redis.call('HSET', episodes, unpack(fields))
            if added < #fields / 2 then
                if details ~= '' then
                    redis.call('HDEL', episodes, fp .. ':threads')
                else
                    redis.call('HDEL', episodes, fp .. ':details', fp .. ':threads')
                end
            end
        else
            redis.call('HSET', episodes, fp .. ':last', now, fp .. ':count', count)
            if details ~= '' then
                redis.call('HSETNX', episodes, fp .. ':details', details)
            end
        end
        redis.call('ZADD', KEYS[3], tonumber(now) + tonumber(window), fp)
    end

    result[2 * i - 1] = count
    result[2 * i] = tonumber(first)
end

return result
