/**
 * The stores on Redis (standalone, Sentinel or Cluster), sharing one {@link dev.erroralert.redis.RedisConnection}: the
 * deduplication store (one Lua script, one round trip per decision, short timeouts), the mutes, and the chat threads
 * kept in the same records.
 */
@NullMarked
package dev.erroralert.redis;

import org.jspecify.annotations.NullMarked;
