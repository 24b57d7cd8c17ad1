-- Remember the chat thread of a fingerprint on a destination (see dev.erroralert.store.ThreadStore) in the
-- fingerprint's record, so that it lives exactly as long as the record.
--
-- KEYS[1]  the fingerprint's record, a hash: <prefix>{<b>}<fingerprint>
-- ARGV[1]  the field: thread:<destination>
-- ARGV[2]  the thread (a Slack message ts)
--
-- Returns 1 when remembered, 0 when there is no live record. A bare HSET would then create a hash without a
-- lifetime, which nothing would ever delete; and the fingerprint's next occurrence is new anyway.

if redis.call('EXISTS', KEYS[1]) == 0 then
    return 0
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
return 1
