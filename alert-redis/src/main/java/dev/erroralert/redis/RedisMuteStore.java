package dev.erroralert.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.erroralert.silence.Mute;
import dev.erroralert.silence.MuteStore;
import dev.erroralert.silence.MuteTarget;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link MuteStore} on Redis: every mute a field of the hash {@code <keyPrefix>mutes}, the target's key, with the
 * mute's end as value. It works on the {@link RedisConnection} of the {@link RedisDedupStore}, so one connection serves
 * both, and it is closed with that store.
 */
public final class RedisMuteStore implements MuteStore {

    private static final Logger logger = LoggerFactory.getLogger(RedisMuteStore.class);

    private final RedisConnection connection;

    private final String mutesKey;

    /** Mutes on {@code connection}, below its settings' key prefix. */
    public RedisMuteStore(RedisConnection connection) {
        this.connection = Objects.requireNonNull(connection, "connection");
        this.mutesKey = connection.keys().mutes();
    }

    @Override
    public String name() {
        return "redis";
    }

    /** {@inheritDoc} One HSET on the hash {@code <prefix>mutes}, field the target's key, value the end. */
    @Override
    public void put(Mute mute) {
        connection.call((commands) -> commands.hset(mutesKey, mute.target().key(),
                Long.toString(mute.untilMillis())));
    }

    /** {@inheritDoc} One HDEL. */
    @Override
    public boolean remove(MuteTarget target) {
        return connection.call((commands) -> commands.hdel(mutesKey, target.key())) > 0;
    }

    /** {@inheritDoc} One HGETALL; ended mutes are deleted on the way. */
    @Override
    public List<Mute> active(long nowMillis) {
        Map<String, String> all = connection.call((commands) -> commands.hgetall(mutesKey));
        List<Mute> active = new ArrayList<>();
        List<String> ended = new ArrayList<>();
        all.forEach((target, until) -> {
            try {
                Mute mute = new Mute(MuteTarget.parse(target), Long.parseLong(until));
                if (mute.isActive(nowMillis)) {
                    active.add(mute);
                }
                else {
                    ended.add(target);
                }
            }
            catch (IllegalArgumentException ex) {
                // Written by something else than this store: not a mute, and not ours to delete.
                logger.debug("Ignoring the field {} of {}: not a mute", target, mutesKey);
            }
        });
        if (!ended.isEmpty()) {
            connection.call((commands) -> commands.hdel(mutesKey, ended.toArray(String[]::new)));
        }
        return active;
    }

    @Override
    public String toString() {
        return "RedisMuteStore[" + connection.location() + ", key=" + mutesKey + "]";
    }
}
