package dev.erroralert.redis;

import dev.erroralert.fingerprint.Fingerprint;

/** The key names a {@link RedisDedupStore} uses, written out independently of it, for tests to look at Redis. */
final class RedisKeys {

    private RedisKeys() {
    }

    /** The record of {@code fingerprint}: the prefix, its first hex digit as hash tag, then the fingerprint. */
    static String record(String prefix, Fingerprint fingerprint) {
        return prefix + "{" + fingerprint.value().charAt(0) + "}" + fingerprint.value();
    }

    /** A key of the bucket {@code fingerprint} is in, such as {@code pending}. */
    static String bucket(String prefix, Fingerprint fingerprint, String name) {
        return prefix + "{" + fingerprint.value().charAt(0) + "}" + name;
    }
}
