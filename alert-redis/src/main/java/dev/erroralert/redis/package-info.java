/**
 * The deduplication store on Redis (standalone, Sentinel or Cluster): one Lua script, one round trip per decision,
 * short timeouts; chat threads kept in the same records.
 */
@NullMarked
package dev.erroralert.redis;

import org.jspecify.annotations.NullMarked;
