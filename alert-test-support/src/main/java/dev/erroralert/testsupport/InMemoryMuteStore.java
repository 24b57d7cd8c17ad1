package dev.erroralert.testsupport;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.erroralert.silence.Mute;
import dev.erroralert.silence.MuteStore;
import dev.erroralert.silence.MuteTarget;

/** Mutes shared in memory, standing in for Redis or the database; it can be made to fail. */
public final class InMemoryMuteStore implements MuteStore {

    private final String name;

    private final Map<MuteTarget, Mute> mutes = new ConcurrentHashMap<>();

    private volatile boolean failing;

    public InMemoryMuteStore(String name) {
        this.name = name;
    }

    /** Whether every call fails, as a store that is down. */
    public void setFailing(boolean failing) {
        this.failing = failing;
    }

    /** The mutes held, ended ones included. */
    public Map<MuteTarget, Mute> held() {
        return Map.copyOf(mutes);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void put(Mute mute) {
        checkAvailable();
        mutes.put(mute.target(), mute);
    }

    @Override
    public boolean remove(MuteTarget target) {
        checkAvailable();
        return mutes.remove(target) != null;
    }

    @Override
    public List<Mute> active(long nowMillis) {
        checkAvailable();
        return mutes.values().stream().filter((mute) -> mute.isActive(nowMillis)).toList();
    }

    private void checkAvailable() {
        if (failing) {
            throw new IllegalStateException("the " + name + " store is down");
        }
    }
}
