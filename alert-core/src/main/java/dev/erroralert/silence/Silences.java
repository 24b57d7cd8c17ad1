package dev.erroralert.silence;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.erroralert.fingerprint.Fingerprint;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mutes in force, known to this instance: the permanent ones of its configuration, and those shared through the
 * {@link MuteStore}s (Redis, the database), read again every {@link #refresh()}.
 * <p>
 * {@link #isMuted} is asked once per alert on the decider thread, so it reads a copy kept in memory and never waits on
 * a store. A mute set here takes effect here at once and on other instances at their next refresh. A store that
 * cannot be read keeps the mutes it gave last, so a short outage unmutes nothing.
 */
public final class Silences {

    private static final Logger logger = LoggerFactory.getLogger(Silences.class);

    private final List<MuteStore> stores;
    private final Map<MuteTarget, Mute> permanent;
    private final Clock clock;
    // Per store, what it gave at the last refresh (or what was set here since). Replaced, never changed in place.
    private volatile Map<String, Map<MuteTarget, Mute>> shared = Map.of();
    private volatile Map<MuteTarget, Mute> inForce;
    private final Object writeLock = new Object();

    /**
     * @param stores where mutes are shared, in the order they are tried
     * @param permanent targets muted for good by this instance's configuration
     * @param clock tells when a mute has ended
     */
    public Silences(List<? extends MuteStore> stores, Collection<MuteTarget> permanent, Clock clock) {
        this.stores = List.copyOf(stores);
        this.clock = Objects.requireNonNull(clock, "clock");
        Map<MuteTarget, Mute> fixed = new LinkedHashMap<>();
        for (MuteTarget target : permanent) {
            fixed.put(target, new Mute(target, Long.MAX_VALUE));
        }
        this.permanent = Map.copyOf(fixed);
        this.inForce = this.permanent;
    }

    /** No stores and no permanent mutes: nothing is ever muted. */
    public static Silences none() {
        return new Silences(List.of(), List.of(), Clock.systemUTC());
    }

    /**
     * Whether alerts of {@code fingerprint}, thrown as {@code exceptionType}, are muted now. Never waits, never throws.
     */
    public boolean isMuted(Fingerprint fingerprint, String exceptionType) {
        Map<MuteTarget, Mute> mutes = inForce;
        if (mutes.isEmpty()) {
            return false;
        }
        long now = clock.millis();
        return isActive(mutes.get(MuteTarget.fingerprint(fingerprint)), now)
                || (isValidType(exceptionType) && isActive(mutes.get(MuteTarget.exceptionType(exceptionType)), now));
    }

    private static boolean isActive(@Nullable Mute mute, long now) {
        return mute != null && mute.isActive(now);
    }

    private static boolean isValidType(String exceptionType) {
        try {
            MuteTarget.exceptionType(exceptionType);
            return true;
        }
        catch (IllegalArgumentException ex) {
            return false;
        }
    }

    /** The mutes in force now, permanent ones included, soonest to end first. */
    public List<Mute> active() {
        long now = clock.millis();
        return inForce.values().stream()
                .filter((mute) -> mute.isActive(now))
                .sorted(Comparator.comparingLong(Mute::untilMillis).thenComparing((mute) -> mute.target().key()))
                .toList();
    }

    /** Read every store again; a store that fails keeps what it gave before. */
    public void refresh() {
        long now = clock.millis();
        Map<String, List<Mute>> read = new HashMap<>();
        for (MuteStore store : stores) {
            try {
                read.put(store.name(), store.active(now));
            }
            catch (RuntimeException ex) {
                logger.debug("error-alert: could not read the mutes of the {} store", store.name(), ex);
            }
        }
        synchronized (writeLock) {
            Map<String, Map<MuteTarget, Mute>> next = new HashMap<>(shared);
            read.forEach((store, mutes) -> {
                Map<MuteTarget, Mute> byTarget = new HashMap<>();
                mutes.forEach((mute) -> byTarget.merge(mute.target(), mute, Silences::later));
                next.put(store, Map.copyOf(byTarget));
            });
            publish(next);
        }
    }

    /**
     * Mute {@code target} until {@code untilMillis} in every store, and here at once.
     *
     * @return which stores kept it and which failed; with no store at all, the mute holds on this instance only
     */
    public Change mute(MuteTarget target, long untilMillis) {
        Mute mute = new Mute(target, untilMillis);
        return change(target, (store) -> store.put(mute), (mutes) -> mutes.put(target, mute));
    }

    /**
     * Unmute {@code target} in every store, and here at once. A permanent mute of the configuration stays.
     *
     * @return which stores forgot it and which failed
     */
    public Change unmute(MuteTarget target) {
        return change(target, (store) -> store.remove(target), (mutes) -> mutes.remove(target));
    }

    private Change change(MuteTarget target, java.util.function.Consumer<MuteStore> write,
            java.util.function.Consumer<Map<MuteTarget, Mute>> local) {
        List<String> done = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        synchronized (writeLock) {
            Map<String, Map<MuteTarget, Mute>> next = new HashMap<>(shared);
            for (MuteStore store : stores) {
                try {
                    write.accept(store);
                    done.add(store.name());
                    Map<MuteTarget, Mute> mutes = new HashMap<>(next.getOrDefault(store.name(), Map.of()));
                    local.accept(mutes);
                    next.put(store.name(), Map.copyOf(mutes));
                }
                catch (RuntimeException ex) {
                    failed.add(store.name());
                    logger.warn("error-alert: could not change the mute of {} in the {} store ({})", target,
                            store.name(), ex.toString());
                }
            }
            if (stores.isEmpty()) {
                Map<MuteTarget, Mute> mutes = new HashMap<>(next.getOrDefault("local", Map.of()));
                local.accept(mutes);
                next.put("local", Map.copyOf(mutes));
            }
            publish(next);
        }
        return new Change(target, List.copyOf(done), List.copyOf(failed));
    }

    private void publish(Map<String, Map<MuteTarget, Mute>> next) {
        shared = Map.copyOf(next);
        Map<MuteTarget, Mute> all = new HashMap<>();
        next.values().forEach((mutes) -> mutes.values().forEach((mute) -> all.merge(mute.target(), mute,
                Silences::later)));
        all.putAll(permanent);
        inForce = Map.copyOf(all);
    }

    private static Mute later(Mute one, Mute other) {
        return one.untilMillis() >= other.untilMillis() ? one : other;
    }

    /**
     * What a mute or unmute did.
     *
     * @param target what was muted or unmuted
     * @param stores the stores that took the change
     * @param failedStores the stores that could not; they may still hold the earlier state
     */
    public record Change(MuteTarget target, List<String> stores, List<String> failedStores) {
    }
}
