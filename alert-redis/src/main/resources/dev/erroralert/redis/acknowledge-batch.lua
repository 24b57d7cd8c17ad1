-- Forget a batch the history applied (see dev.erroralert.history.PendingCounts#acknowledge).
--
-- KEYS[1]  the batch: <prefix>{<b>}batch:<id>
-- KEYS[2]  the bucket's claimed batches: <prefix>{<b>}batches
-- ARGV[1]  the batch id

redis.call('DEL', KEYS[1])
return redis.call('ZREM', KEYS[2], ARGV[1])
