package dev.erroralert.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;

/**
 * One Lua script of the Redis stores: its text, read from the classpath beside this class, and the SHA-1 name Redis
 * caches it by. Run by that name, with the text as the fallback.
 *
 * @param text the script
 * @param sha the name Redis gives it in its script cache
 */
record RedisScript(String text, String sha) {

    /** The script {@code name}, beside this class on the classpath. */
    static RedisScript load(String name) {
        String text = read(name);
        return new RedisScript(text, sha1Hex(text));
    }

    /**
     * Run this script by its SHA, sending its text only when the server does not have it cached. Both RedisCommands
     * and the Cluster's RedisAdvancedClusterCommands are RedisClusterCommands: one code path.
     */
    <T> T run(RedisClusterCommands<String, String> commands, ScriptOutputType type, String[] keys, String[] args) {
        try {
            return commands.evalsha(sha, type, keys, args);
        }
        catch (RedisNoScriptException ex) {
            // The server lost its script cache (restart, failover, SCRIPT FLUSH), or, in a Cluster, the node of this
            // key's slot never ran it: EVAL goes to that same node (the key routes it) and caches it there.
            return commands.eval(text, type, keys, args);
        }
    }

    private static String read(String name) {
        try (InputStream in = RedisScript.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("Lua script " + name + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Could not read the Lua script " + name, ex);
        }
    }

    private static String sha1Hex(String script) {
        try {
            // Redis names a cached script by the SHA-1 of its text, so EVALSHA can be sent without SCRIPT LOAD.
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(script.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("SHA-1 is required of every Java platform", ex);
        }
    }
}
