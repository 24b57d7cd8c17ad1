/**
 * The deduplication store on Redis: one Lua script, one round trip per decision, short timeouts.
 */
@NullMarked
package dev.erroralert.redis;

import org.jspecify.annotations.NullMarked;
