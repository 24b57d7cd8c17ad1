package dev.erroralert.redis;

import java.util.IdentityHashMap;
import java.util.Map;

/** Thread stores on the connections of dedup stores, each remembering its store, for the thread contract. */
final class ThreadsOnStores {

    private final Map<RedisThreadStore, RedisDedupStore> storeOf = new IdentityHashMap<>();

    /** The threads kept in {@code store}'s records, on its connection. */
    RedisThreadStore on(RedisDedupStore store) {
        RedisThreadStore threads = new RedisThreadStore(store.connection());
        storeOf.put(threads, store);
        return threads;
    }

    /** The store whose records {@code threads} keeps its threads in. */
    RedisDedupStore storeOf(RedisThreadStore threads) {
        return storeOf.get(threads);
    }
}
