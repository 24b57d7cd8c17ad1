-- The atomic steps of the deduplication store (see dev.erroralert.store.DedupStore): one error's, or several errors' of
-- one bucket in one call (the repeats of errors judged before, the new errors of a round, the slow sync of errors an
-- instance knows to stay suppressed). Each error's step is atomic on its own, so instances racing on an error agree on
-- which occurrence was first; a call is not atomic as a whole.
--
-- Every key of one call shares the hash tag {<b>}, b the fingerprints' first hex digit: a Cluster keeps them in one
-- slot, and the write-back finds every pending count in 16 known keys instead of scanning the keyspace.
--
-- Commands inside a script count against Redis like any other, so a step writes what only a new entry needs (first
-- times, details) once, when the entry is created, and reads nothing it was told (the first its caller expects).
--
-- KEYS[1]  the bucket's pending counts for the history: <prefix>{<b>}pending
-- KEYS[2]  the bucket's episodes: <prefix>{<b>}episodes
-- KEYS[3]  when each episode of the bucket ends: <prefix>{<b>}quiet
-- KEYS[3+i] the record of the i-th error, a hash {count, first}: <prefix>{<b>}<fingerprint>
-- ARGV[1]  now, in epoch milliseconds
-- ARGV[2]  the first window in milliseconds, the lifetime of a record holding one occurrence
-- ARGV[3]  the repeat window in milliseconds, the lifetime after every later step (sliding)
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

    -- An expired record is already gone, so the increment starts a new one from zero.
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
        -- An episode holds the first of the record it began with: when it holds the one the caller expects, that
        -- record is the live one (a record replaced since would have begun an episode of its own, every instance of a
        -- fleet keeping episodes alike), and reading it again is spared.
        if expectedFirst ~= '' and episodeFirst == expectedFirst then
            first = expectedFirst
        else
            first = redis.call('HGET', record, 'first')
        end
    end
    redis.call('PEXPIRE', record, window)

    if writeBack then
        local n = redis.call('HINCRBY', pending, fp .. ':n', delta)
        -- An entry whose count is this step's is new, or holds only an alert's counts: their times (when it was
        -- noted) only widen a history row that holds those occurrences already, so this step's times may replace them.
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
    -- (so, unlike a note of its own in record-alerted.lua, none are set), and its episode's first was read when the
    -- record was not new.
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
        -- A new record begins a new episode; so does one whose episode was not kept (tracking was off, or it was
        -- taken).
        if fresh or episodeFirst ~= first then
            local fields = { fp .. ':first', first, fp .. ':alerted', 0, fp .. ':last', now, fp .. ':count', count }
            if details ~= '' then
                table.insert(fields, fp .. ':details')
                table.insert(fields, details)
            end
            local added = redis.call('HSET', episodes, unpack(fields))
            if added < #fields / 2 then
                -- An earlier episode was left: its thread (and its details, unless replaced) are not this one's.
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
