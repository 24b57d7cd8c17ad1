-- Remember the chat thread of a fingerprint on a destination (see dev.erroralert.store.ThreadStore) in the
-- fingerprint's record, so that it lives exactly as long as the record; and in its episode, when episodes are kept,
-- so that the episode's quiet summary, sent after the record is gone, finds the thread to close.
--
-- KEYS[1]  the fingerprint's record, a hash: <prefix>{<b>}<fingerprint>
-- KEYS[2]  the bucket's episodes: <prefix>{<b>}episodes
-- ARGV[1]  the field: thread:<destination>
-- ARGV[2]  the thread (a Slack message ts)
-- ARGV[3]  the fingerprint
-- ARGV[4]  the destination
--
-- Returns 1 when remembered, 0 when there is no live record. A bare HSET would then create a hash without a
-- lifetime, which nothing would ever delete; and the fingerprint's next occurrence is new anyway.
--
-- The episode keeps its threads in one field, <fingerprint>:threads, as destination=thread pairs joined by commas:
-- neither a destination name nor a Slack ts holds a comma or an equals sign.

if redis.call('EXISTS', KEYS[1]) == 0 then
    return 0
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])

local first = redis.call('HGET', KEYS[1], 'first')
if first and redis.call('HGET', KEYS[2], ARGV[3] .. ':first') == first then
    local field = ARGV[3] .. ':threads'
    local prefix = ARGV[4] .. '='
    local kept = {}
    for entry in string.gmatch(redis.call('HGET', KEYS[2], field) or '', '[^,]+') do
        if string.sub(entry, 1, #prefix) ~= prefix then
            table.insert(kept, entry)
        end
    end
    table.insert(kept, prefix .. ARGV[2])
    redis.call('HSET', KEYS[2], field, table.concat(kept, ','))
end
return 1
