package dev.erroralert.event;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * A throwable read defensively, once, off the caller's thread. Exceptions are written by whoever threw them:
 * {@code getMessage()} may throw or return a megabyte, causes may be ten thousand deep or form a cycle. Reading
 * through this class bounds every part and never throws.
 *
 * @param causes the exception first, then its causes, at most {@link #MAX_CAUSES}, never empty
 * @param omittedCauses how many further causes were not read (deep chains), 0 when the chain was read to its end
 */
public record ThrownError(List<Cause> causes, int omittedCauses) {

    /** How many links of a cause chain are read. */
    public static final int MAX_CAUSES = 16;

    /**
     * How many characters of a message are read: enough for masking to see a secret whole before an alert cuts the
     * message to its own, shorter bound (a secret cut in half first would no longer look like one).
     */
    public static final int MAX_MESSAGE_LENGTH = 65_536;

    public ThrownError {
        causes = List.copyOf(causes);
        if (causes.isEmpty()) {
            throw new IllegalArgumentException("causes must not be empty");
        }
    }

    /**
     * One link of the chain.
     *
     * @param type the exception's class name
     * @param message the message, cut to {@link #MAX_MESSAGE_LENGTH}, or {@code null} when there is none
     * @param frames the stack frames, empty when they could not be read
     */
    public record Cause(String type, @Nullable String message, List<StackTraceElement> frames) {
        public Cause {
            frames = List.copyOf(frames);
        }
    }

    /** The exception as thrown. */
    public Cause outermost() {
        return causes.get(0);
    }

    /** The deepest cause read: usually where the problem started. */
    public Cause innermost() {
        return causes.get(causes.size() - 1);
    }

    /** Read {@code error} and its causes. Never throws. */
    public static ThrownError read(Throwable error) {
        List<Cause> causes = new ArrayList<>();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Throwable current = error;
        while (current != null && causes.size() < MAX_CAUSES && seen.add(current)) {
            causes.add(new Cause(current.getClass().getName(), messageOf(current), framesOf(current)));
            current = causeOf(current);
        }
        return new ThrownError(causes, current == null || seen.contains(current) ? 0 : countRemaining(current, seen));
    }

    private static int countRemaining(Throwable from, Set<Throwable> seen) {
        int remaining = 0;
        Throwable current = from;
        // Bounded twice over: by identity (cycles) and by a ceiling (chains built to exhaust us).
        while (current != null && remaining < 100_000 && seen.add(current)) {
            remaining++;
            current = causeOf(current);
        }
        return remaining;
    }

    private static @Nullable String messageOf(Throwable error) {
        try {
            return cut(error.getMessage());
        }
        catch (Throwable ex) {
            return "<getMessage() threw " + ex.getClass().getName() + ">";
        }
    }

    private static List<StackTraceElement> framesOf(Throwable error) {
        try {
            StackTraceElement[] frames = error.getStackTrace();
            return frames == null ? List.of() : List.of(frames);
        }
        catch (Throwable ex) {
            return List.of();
        }
    }

    private static @Nullable Throwable causeOf(Throwable error) {
        try {
            Throwable cause = error.getCause();
            return cause == error ? null : cause;
        }
        catch (Throwable ex) {
            return null;
        }
    }

    /** Cut {@code text} to {@link #MAX_MESSAGE_LENGTH} without splitting a surrogate pair. */
    static @Nullable String cut(@Nullable String text) {
        if (text == null || text.length() <= MAX_MESSAGE_LENGTH) {
            return text;
        }
        int end = MAX_MESSAGE_LENGTH;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + "…";
    }
}
