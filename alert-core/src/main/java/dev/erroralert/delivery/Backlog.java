package dev.erroralert.delivery;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import dev.erroralert.fingerprint.Fingerprint;
import dev.erroralert.notify.Alert;
import org.jspecify.annotations.Nullable;

/**
 * The alerts waiting for one destination, coalesced per error: however many alerts an error has while its
 * destination is paced, paused or down, it waits as one line (its latest alert and the range of occurrences), so
 * what waits is bounded by the number of distinct errors, not of alerts.
 * <p>
 * Up to {@code capacity} errors wait to be named; an error beyond that is counted in a group of its type and location
 * (bounded too), so a storm of any size costs a bounded amount of memory and nothing is lost or parked on its own.
 * A counted group reports the occurrences since the error was last reported (named or counted) in an earlier
 * message, so an error that keeps alerting through a storm is never counted twice.
 * The pipeline's decider adds, the destination's lane takes; both hold the lock only to move references.
 */
final class Backlog {

    /** Groups of counted errors kept apart by type and location; more fall into one group "other". */
    static final int MAX_GROUPS = 1_000;

    /** Distinct errors a counted group tells apart; past it, each further alert counts as an error of its own. */
    static final int MAX_ERRORS_TOLD_APART = 10_000;

    /** Errors whose last reported count is remembered; beyond it the least recently reported are forgotten. */
    static final int MAX_ERRORS_REMEMBERED = 10_000;

    private final int capacity;
    /** Errors to be named, in the order their first alert arrived. */
    private final LinkedHashMap<Key, Waiting> waiting = new LinkedHashMap<>();
    /** Errors to be counted, by "type in location", in the order their group began. */
    private final LinkedHashMap<String, Group> groups = new LinkedHashMap<>();
    /** Each error's count as last reported in a taken digest, least recently reported first. */
    private final LinkedHashMap<Fingerprint, Long> reported = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Fingerprint, Long> eldest) {
            return size() > MAX_ERRORS_REMEMBERED;
        }
    };
    private int alerts;

    Backlog(int capacity) {
        this.capacity = capacity;
    }

    /** Add an alert: to its error's line when the error waits already, else as a new line or into its group. */
    synchronized void add(Alert alert) {
        Key key = new Key(alert.fingerprint(), alert.isQuietSummary(), alert.isReminder());
        alerts++;
        Waiting line = waiting.get(key);
        if (line != null) {
            line.merge(alert);
        }
        else if (waiting.size() < capacity) {
            waiting.put(key, new Waiting(alert));
        }
        else {
            groupOf(alert).add(alert.fingerprint(), alert.count(), 1);
        }
        notifyAll();
    }

    /**
     * The next digest: up to {@code maxLines} errors named, in the order they first arrived, each one that
     * {@code nameable} allows; an error it does not allow is counted in its group at once (it would not be named later
     * in this window either). A single waiting error is named as it is, whatever the budget: one alert stays one
     * alert. {@code null} when nothing waits.
     */
    synchronized @Nullable Digest take(int maxLines, Predicate<Fingerprint> nameable) {
        if (waiting.isEmpty() && groups.isEmpty()) {
            return null;
        }
        boolean single = waiting.size() == 1 && groups.isEmpty();
        List<Digest.Line> lines = new ArrayList<>(Math.min(maxLines, waiting.size()));
        int taken = 0;
        Iterator<Waiting> it = waiting.values().iterator();
        while (it.hasNext() && lines.size() < maxLines) {
            Waiting line = it.next();
            it.remove();
            // Asked even for a single error, so that an error named is known to the budget as named.
            if (nameable.test(line.latest.fingerprint()) || single) {
                lines.add(new Digest.Line(line.latest, line.fromCount));
                reported.put(line.latest.fingerprint(), line.latest.count());
                taken += line.alerts;
            }
            else {
                groupOf(line.latest).add(line.latest.fingerprint(), line.latest.count(), line.alerts);
            }
        }
        List<Digest.Counted> counted = new ArrayList<>();
        if (lines.size() < maxLines || waiting.isEmpty()) {
            List<Map.Entry<String, Group>> largest = new ArrayList<>(groups.entrySet());
            largest.sort(Comparator.comparingLong((Map.Entry<String, Group> entry) -> entry.getValue().errors())
                    .reversed());
            for (Map.Entry<String, Group> entry : largest.subList(0, Math.min(Digest.MAX_COUNTED_GROUPS,
                    largest.size()))) {
                Group group = entry.getValue();
                groups.remove(entry.getKey());
                counted.add(new Digest.Counted(group.type, group.location, group.errors(), group.occurrences));
                group.toldApart.forEach(reported::put);
                taken += group.alerts;
            }
        }
        if (lines.isEmpty() && counted.isEmpty()) {
            return null;
        }
        alerts -= taken;
        return new Digest(lines, counted, taken);
    }

    /** When the oldest of what waits arrived ({@link System#nanoTime()}), or {@code null} when nothing waits. */
    synchronized @Nullable Long oldestArrivalNanos() {
        Long oldest = null;
        if (!waiting.isEmpty()) {
            oldest = waiting.values().iterator().next().arrivedNanos;
        }
        if (!groups.isEmpty()) {
            long group = groups.values().iterator().next().arrivedNanos;
            oldest = oldest == null || group - oldest < 0 ? group : oldest;
        }
        return oldest;
    }

    /** Everything waiting, named in digests of at most {@code maxLines} lines (shutting down: no budget). */
    synchronized List<Digest> drain(int maxLines) {
        List<Digest> digests = new ArrayList<>();
        Digest next;
        while ((next = take(maxLines, error -> true)) != null) {
            digests.add(next);
        }
        return digests;
    }

    /** Wait up to {@code timeoutNanos} for something to take; true when something waits. */
    synchronized boolean await(long timeoutNanos) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        long left;
        while (waiting.isEmpty() && groups.isEmpty() && (left = deadline - System.nanoTime()) > 0) {
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return !isEmpty();
    }

    synchronized boolean isEmpty() {
        return waiting.isEmpty() && groups.isEmpty();
    }

    /** How many alerts wait, for the destination's state. */
    synchronized int alerts() {
        return alerts;
    }

    private Group groupOf(Alert alert) {
        String type = alert.error().simpleType();
        String className = alert.site().className();
        String location = className.substring(className.lastIndexOf('.') + 1) + "#" + alert.site().methodName();
        String name = type + " in " + location;
        Group group = groups.get(name);
        if (group == null) {
            if (groups.size() >= MAX_GROUPS) {
                return groups.computeIfAbsent(OTHER, other -> new Group("other errors", "other places", reported));
            }
            group = new Group(type, location, reported);
            groups.put(name, group);
        }
        return group;
    }

    /** The group of errors past {@link #MAX_GROUPS} groups; no "type in location" name can be this. */
    private static final String OTHER = "\u0000other";

    // A reminder or a summary never merges into the alerts of its error: each says something else.
    private record Key(Fingerprint fingerprint, boolean quietSummary, boolean reminder) {
    }

    /** One error's alerts waiting to be named together. */
    private static final class Waiting {

        private final long arrivedNanos = System.nanoTime();
        private Alert latest;
        private long fromCount;
        private int alerts = 1;

        Waiting(Alert alert) {
            this.latest = alert;
            this.fromCount = alert.count();
        }

        void merge(Alert alert) {
            alerts++;
            // A later episode of the same error (its count starts again) takes the range back to its start.
            fromCount = Math.min(fromCount, alert.count());
            if (alert.count() >= latest.count() || alert.epochMillis() > latest.epochMillis()) {
                latest = alert;
            }
        }
    }

    /** Errors of one type and location, counted. */
    private static final class Group {

        private final long arrivedNanos = System.nanoTime();
        private final String type;
        private final String location;
        /** The backlog's record of each error's count as last reported, to count only what is new since. */
        private final Map<Fingerprint, Long> reported;
        /** Each error's count as last counted here. */
        private final Map<Fingerprint, Long> toldApart = new HashMap<>();
        private long untold;
        private long occurrences;
        private int alerts;

        Group(String type, String location, Map<Fingerprint, Long> reported) {
            this.type = type;
            this.location = location;
            this.reported = reported;
        }

        void add(Fingerprint fingerprint, long count, int alertsOfIt) {
            alerts += alertsOfIt;
            Long inGroup = toldApart.get(fingerprint);
            if (inGroup != null) {
                occurrences += Math.max(0, count - inGroup);
                toldApart.put(fingerprint, Math.max(inGroup, count));
                return;
            }
            Long before = reported.get(fingerprint);
            // A count below the one last reported is a later episode of the error, counting from 1 again.
            occurrences += before != null && count >= before ? count - before : count;
            if (toldApart.size() < MAX_ERRORS_TOLD_APART) {
                toldApart.put(fingerprint, count);
            }
            else {
                untold++;
            }
        }

        long errors() {
            return toldApart.size() + untold;
        }
    }
}
