-- One atomic step of the deduplication store (see dev.erroralert.store.DedupStore).
--
-- Every key of one call shares the hash tag {<b>}, b the fingerprint's first hex digit: a Cluster keeps them in one
-- slot, and the write-back finds every pending count in 16 known keys instead of scanning the keyspace.
--
-- Commands inside a script count against Redis like any other, so a step writes what only a new entry needs (first
-- times, details) once, when the entry is created, and reads nothing it was told (see ARGV[9]).
--
-- KEYS[1]  the fingerprint's record, a hash {count, first}: <prefix>{<b>}<fingerprint>
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
-- ARGV[8]  the error's details, encoded by the store, or '' when the caller knows the store holds them (or has none)
-- ARGV[9]  when the caller believes the live record began (epoch milliseconds), or '' when it does not know
--
-- Returns {count, first}: the count after this step and when the live record was created.

local record = KEYS[1]
local delta = tonumber(ARGV[1])
local now = ARGV[2]
local fp = ARGV[5]
local details = ARGV[8]
local expectedFirst = ARGV[9] or ''
local keepEpisode = ARGV[7] == '1'

-- An expired record is already gone, so the increment starts a new one from zero.
local count = redis.call('HINCRBY', record, 'count', delta)
local fresh = count == delta
local window = ARGV[4]
if count == 1 then
    window = ARGV[3]
end

local first
local episodeFirst
if fresh then
    redis.call('HSET', record, 'first', now)
    first = now
else
    if keepEpisode then
        episodeFirst = redis.call('HGET', KEYS[3], fp .. ':first')
    end
    -- An episode holds the first of the record it began with: when it holds the one the caller expects, that record is
    -- the live one (a record replaced since would have begun an episode of its own, every instance of a fleet keeping
    -- episodes alike), and reading it again is spared.
    if expectedFirst ~= '' and episodeFirst == expectedFirst then
        first = expectedFirst
    else
        first = redis.call('HGET', record, 'first')
    end
end
redis.call('PEXPIRE', record, window)

if ARGV[6] == '1' then
    local pending = KEYS[2]
    local n = redis.call('HINCRBY', pending, fp .. ':n', delta)
    -- An entry whose count is this step's is new, or holds only an alert's counts: their times (when it was noted)
    -- only widen a history row that holds those occurrences already, so this step's times may replace them.
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

if keepEpisode then
    local episodes = KEYS[3]
    -- A new record begins a new episode; so does one whose episode was not kept (tracking was off, or it was taken).
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
    redis.call('ZADD', KEYS[4], tonumber(now) + tonumber(window), fp)
end

return {count, tonumber(first)}
