package dev.erroralert.spring.endpoint;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

import dev.erroralert.fingerprint.Fingerprint;
import dev.erroralert.history.ErrorDetails;
import dev.erroralert.history.HistoryEntry;
import dev.erroralert.history.HistoryStore;
import dev.erroralert.notify.SecretMasker;
import dev.erroralert.silence.Mute;
import dev.erroralert.silence.MuteTarget;
import dev.erroralert.silence.Silences;
import dev.erroralert.store.DecisionChain;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.convert.DurationStyle;

/**
 * The {@code erroralerts} endpoint: the errors seen most recently and those with the highest totals among the ones
 * seen in the last {@value #TOP_WINDOW_HOURS} hours, from the history, each with its live count and whether it is muted; the mutes in
 * force; and muting and unmuting.
 * <p>
 * Read-only unless the application grants more ({@code management.endpoint.erroralerts.access=unrestricted}): reading
 * shows what failed, writing changes what alerts, on every instance.
 * <p>
 * The history's texts were written by whoever threw the exception. They were masked before they were stored; they are
 * masked again here before they leave, so that a row written by an older version, by another application sharing the
 * table, or straight into the database, cannot show a secret.
 * <p>
 * Times are ISO-8601 instants; a time that never comes (a permanent mute's end) is {@code null}, with a flag that
 * says why. Over HTTP a {@code null} is left out of the JSON, as every actuator endpoint leaves it out.
 */
@Endpoint(id = "erroralerts", defaultAccess = Access.READ_ONLY)
public class ErrorAlertsEndpoint {

    /** How many errors each list holds unless the caller asks for another number. */
    public static final int DEFAULT_LIMIT = 20;

    /** The most errors one list may hold. */
    public static final int MAX_LIMIT = 100;

    /** How far back the top list looks. */
    public static final int TOP_WINDOW_HOURS = 24;

    private static final Logger logger = LoggerFactory.getLogger(ErrorAlertsEndpoint.class);

    private static final int ECHO_LENGTH = 80;

    private final @Nullable HistoryStore history;

    private final @Nullable Silences silences;

    private final DecisionChain chain;

    private final SecretMasker masker;

    private final Clock clock;

    /**
     * @param history the error history, or {@code null} when the application keeps none (no database)
     * @param silences the mutes in force, or {@code null} when nothing can be muted
     * @param chain asked for each error's live count
     * @param masker masks every text from the history again before it is returned
     * @param clock tells what "now" is for the top list, a mute's end and live counts
     */
    public ErrorAlertsEndpoint(@Nullable HistoryStore history, @Nullable Silences silences, DecisionChain chain,
            SecretMasker masker, Clock clock) {
        this.history = history;
        this.silences = silences;
        this.chain = Objects.requireNonNull(chain, "chain");
        this.masker = Objects.requireNonNull(masker, "masker");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * The recent and top errors and the mutes in force. A history that cannot be read is reported as no history
     * (and logged), so that the mutes stay visible while the database is down.
     *
     * @param limit how many errors each list holds, 1 to {@value #MAX_LIMIT}; {@value #DEFAULT_LIMIT} when absent
     */
    @ReadOperation
    public ErrorAlertsDescriptor errors(@Nullable String limit) {
        int max = limit(limit);
        long now = clock.millis();
        Map<MuteTarget, Mute> mutes = mutesInForce();
        List<MuteDescriptor> mutesDescribed = mutes.values().stream().map(ErrorAlertsEndpoint::describe).toList();
        if (history == null) {
            return new ErrorAlertsDescriptor(false, List.of(), List.of(), mutesDescribed);
        }
        List<HistoryEntry> recent;
        List<HistoryEntry> top;
        try {
            recent = history.recent(max);
            top = history.top(max, now - Duration.ofHours(TOP_WINDOW_HOURS).toMillis());
        }
        catch (RuntimeException ex) {
            logger.warn("error-alert: could not read the error history ({})", masker.mask(ex.toString()));
            return new ErrorAlertsDescriptor(false, List.of(), List.of(), mutesDescribed);
        }
        // An error often is in both lists: its live count is asked for once.
        Map<Fingerprint, OptionalLong> liveCounts = new HashMap<>();
        return new ErrorAlertsDescriptor(true, describe(recent, mutes, liveCounts, now),
                describe(top, mutes, liveCounts, now), mutesDescribed);
    }

    /**
     * One error of the history, or {@code null} (404 over HTTP) when the history has no row for it or there is no
     * history.
     *
     * @param fingerprint the error's 32 lowercase hex characters
     */
    @ReadOperation
    public @Nullable ErrorDescriptor error(@Selector String fingerprint) {
        Fingerprint parsed = fingerprint(fingerprint);
        if (history == null) {
            return null;
        }
        long now = clock.millis();
        return history.find(parsed)
                .map((entry) -> describe(entry, mutesInForce(), chain.liveCount(parsed, now)))
                .orElse(null);
    }

    /**
     * Mute a fingerprint or an exception type on every instance, until a time or for a while: its occurrences are
     * still counted, but not alerted.
     *
     * @param target {@code fingerprint:<32 hex>} or {@code type:<class name>}
     * @param until when the mute ends, an ISO-8601 instant in the future; or
     * @param duration how long it lasts, ISO-8601 ({@code PT30M}) or simple ({@code 30m}, {@code 2h}, {@code 1d})
     * @return what was muted until when, and which stores took it
     */
    @WriteOperation
    public MutedDescriptor mute(@Nullable String target, @Nullable String until, @Nullable String duration) {
        MuteTarget muteTarget = target(target);
        long untilMillis = until(until, duration);
        Silences.Change change = silences().mute(muteTarget, untilMillis);
        return new MutedDescriptor(muteTarget.key(), muteTarget.kind().prefix(), instant(untilMillis),
                change.stores(), change.failedStores());
    }

    /**
     * Lift the mute of a fingerprint or an exception type on every instance. A permanent mute of the configuration
     * stays: the answer says so.
     *
     * @param target {@code fingerprint:<32 hex>} or {@code type:<class name>}
     * @return which stores forgot it, and whether the configuration still mutes it
     */
    @DeleteOperation
    public UnmutedDescriptor unmute(@Nullable String target) {
        MuteTarget muteTarget = target(target);
        Silences silences = silences();
        Silences.Change change = silences.unmute(muteTarget);
        boolean stillMuted = silences.active().stream()
                .anyMatch((mute) -> mute.target().equals(muteTarget) && mute.isPermanent());
        return new UnmutedDescriptor(muteTarget.key(), muteTarget.kind().prefix(), change.stores(),
                change.failedStores(), stillMuted);
    }

    private Silences silences() {
        if (silences == null) {
            throw new IllegalStateException("error-alert: there is no Silences bean, so nothing can be muted");
        }
        return silences;
    }

    private Map<MuteTarget, Mute> mutesInForce() {
        Map<MuteTarget, Mute> byTarget = new LinkedHashMap<>();
        if (silences != null) {
            silences.active().forEach((mute) -> byTarget.put(mute.target(), mute));
        }
        return byTarget;
    }

    private List<ErrorDescriptor> describe(List<HistoryEntry> entries, Map<MuteTarget, Mute> mutes,
            Map<Fingerprint, OptionalLong> liveCounts, long now) {
        return entries.stream()
                .map((entry) -> describe(entry, mutes,
                        liveCounts.computeIfAbsent(entry.fingerprint(), (fp) -> chain.liveCount(fp, now))))
                .toList();
    }

    private ErrorDescriptor describe(HistoryEntry entry, Map<MuteTarget, Mute> mutes, OptionalLong liveCount) {
        Fingerprint fingerprint = entry.fingerprint();
        ErrorDetails details = entry.details();
        Mute mute = longest(mutes.get(MuteTarget.fingerprint(fingerprint)),
                (details != null) ? mutes.get(typeTarget(details.exceptionType())) : null);
        return new ErrorDescriptor(fingerprint.value(), fingerprint.shortId(),
                (details != null) ? masker.mask(details.exceptionType()) : null,
                (details != null) ? masker.mask(details.sampleMessage()) : null,
                (details != null) ? masker.mask(details.location()) : null,
                (details != null) ? masker.mask(details.application()) : null,
                (details != null) ? masker.mask(details.environment()) : null,
                instant(entry.firstSeenMillis()), instant(entry.lastSeenMillis()), entry.totalCount(),
                entry.alertsSent(), entry.suppressedCount(), liveCount.isPresent() ? liveCount.getAsLong() : null,
                mute != null, (mute != null && !mute.isPermanent()) ? instant(mute.untilMillis()) : null);
    }

    // A type the history holds may not be a valid class name (it was written by whoever threw): then no type mute can
    // match it, and null finds nothing in the map.
    private static @Nullable MuteTarget typeTarget(String exceptionType) {
        try {
            return MuteTarget.exceptionType(exceptionType);
        }
        catch (IllegalArgumentException ex) {
            return null;
        }
    }

    private static @Nullable Mute longest(@Nullable Mute one, @Nullable Mute other) {
        if (one == null || other == null) {
            return (one != null) ? one : other;
        }
        return (one.untilMillis() >= other.untilMillis()) ? one : other;
    }

    private static MuteDescriptor describe(Mute mute) {
        MuteTarget target = mute.target();
        return new MuteDescriptor(target.key(), target.kind().prefix(),
                mute.isPermanent() ? null : instant(mute.untilMillis()), mute.isPermanent());
    }

    private static String instant(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).toString();
    }

    private static int limit(@Nullable String limit) {
        if (limit == null || limit.isBlank()) {
            return DEFAULT_LIMIT;
        }
        try {
            int value = Integer.parseInt(limit.strip());
            if (value >= 1 && value <= MAX_LIMIT) {
                return value;
            }
        }
        catch (NumberFormatException ex) {
            // Refused below, with the same words as a number out of range.
        }
        throw new InvalidParameterException("limit",
                "limit must be a whole number from 1 to " + MAX_LIMIT + ", got '" + echo(limit) + "'");
    }

    private static Fingerprint fingerprint(String fingerprint) {
        try {
            return new Fingerprint(fingerprint);
        }
        catch (IllegalArgumentException ex) {
            throw new InvalidParameterException("fingerprint",
                    "fingerprint must be 32 lowercase hex characters, got '" + echo(fingerprint) + "'");
        }
    }

    private static MuteTarget target(@Nullable String target) {
        if (target == null || target.isBlank()) {
            throw new InvalidParameterException("target",
                    "target is required: fingerprint:<32 lowercase hex characters> or type:<class name>");
        }
        try {
            return MuteTarget.parse(target.strip());
        }
        catch (IllegalArgumentException ex) {
            throw new InvalidParameterException("target", "target is invalid: " + ex.getMessage());
        }
    }

    private long until(@Nullable String until, @Nullable String duration) {
        boolean hasUntil = until != null && !until.isBlank();
        boolean hasDuration = duration != null && !duration.isBlank();
        if (hasUntil == hasDuration) {
            throw new InvalidParameterException(hasUntil ? "until" : "duration",
                    "give either until (an ISO-8601 instant such as 2030-01-01T09:00:00Z) or duration (such as PT30M "
                            + "or 30m)" + (hasUntil ? ", not both" : ""));
        }
        String parameter = hasUntil ? "until" : "duration";
        Instant now = clock.instant();
        try {
            // hasUntil or hasDuration said which of the two is there.
            Instant end = hasUntil ? parseUntil(Objects.requireNonNull(until).strip())
                    : now.plus(parseDuration(Objects.requireNonNull(duration).strip()));
            if (!end.isAfter(now)) {
                throw new InvalidParameterException("until", "until must be in the future, got '" + end + "'");
            }
            long millis = end.toEpochMilli();
            // Long.MAX_VALUE means a permanent mute, which only the configuration sets.
            if (millis < Long.MAX_VALUE) {
                return millis;
            }
        }
        catch (DateTimeException | ArithmeticException ex) {
            // Beyond what an instant or epoch milliseconds can hold: refused below.
        }
        throw new InvalidParameterException(parameter, parameter + " ends too far in the future");
    }

    private static Instant parseUntil(String until) {
        try {
            return OffsetDateTime.parse(until).toInstant();
        }
        catch (DateTimeException ex) {
            throw new InvalidParameterException("until",
                    "until must be an ISO-8601 instant such as 2030-01-01T09:00:00Z, got '" + echo(until) + "'");
        }
    }

    private static Duration parseDuration(String duration) {
        Duration parsed;
        try {
            parsed = DurationStyle.detectAndParse(duration);
        }
        catch (IllegalArgumentException ex) {
            throw new InvalidParameterException("duration",
                    "duration must be ISO-8601 (PT30M) or simple (30m, 2h, 1d), got '" + echo(duration) + "'");
        }
        if (parsed.isNegative() || parsed.isZero()) {
            throw new InvalidParameterException("duration", "duration must be positive, got '" + echo(duration) + "'");
        }
        return parsed;
    }

    // The caller's own input, cut short: enough to recognise it, never a page of it.
    private static String echo(String input) {
        return (input.length() <= ECHO_LENGTH) ? input : input.substring(0, ECHO_LENGTH) + "…";
    }

    /**
     * What {@code GET /actuator/erroralerts} returns.
     *
     * @param history whether the application keeps an error history and it could be read; without one, the lists
     *     are empty and only the mutes are shown
     * @param recent the errors seen most recently, latest first
     * @param top the errors with the highest totals (all time) among those seen in the last
     *     {@value #TOP_WINDOW_HOURS} hours, highest first
     * @param mutes the mutes in force, soonest to end first
     */
    public record ErrorAlertsDescriptor(boolean history, List<ErrorDescriptor> recent, List<ErrorDescriptor> top,
            List<MuteDescriptor> mutes) implements OperationResponseBody {
    }

    /**
     * One error of the history. Its texts are masked; they are {@code null} when no instance that counted the error
     * knew them.
     *
     * @param fingerprint its 32 hex characters
     * @param shortId the first 8, as alerts show them
     * @param exceptionType the exception's class name
     * @param sampleMessage the message of one occurrence
     * @param location where it was captured
     * @param application the application that counted it
     * @param environment its environment
     * @param firstSeen the first occurrence written to the history
     * @param lastSeen the latest
     * @param totalCount every occurrence counted, by every instance
     * @param alertsSent the alerts sent for it
     * @param suppressedCount the occurrences not alerted (suppressed or muted)
     * @param liveCount the count of its live dedup record, {@code null} when there is none (it has been quiet for a
     *     whole window) or no store could tell
     * @param muted whether a mute of its fingerprint or of its exception type is in force
     * @param mutedUntil when that mute ends; {@code null} when it is not muted or muted for good by the configuration
     */
    public record ErrorDescriptor(String fingerprint, String shortId, @Nullable String exceptionType,
            @Nullable String sampleMessage, @Nullable String location, @Nullable String application,
            @Nullable String environment, String firstSeen, String lastSeen, long totalCount, long alertsSent,
            long suppressedCount, @Nullable Long liveCount, boolean muted, @Nullable String mutedUntil)
            implements OperationResponseBody {
    }

    /**
     * A mute in force.
     *
     * @param target {@code fingerprint:<32 hex>} or {@code type:<class name>}, as {@code DELETE} takes it
     * @param kind {@code fingerprint} or {@code type}
     * @param until when it ends; {@code null} for a permanent mute
     * @param permanent whether it never ends: set by the configuration, it cannot be lifted here
     */
    public record MuteDescriptor(String target, String kind, @Nullable String until, boolean permanent) {
    }

    /**
     * What a mute did.
     *
     * @param target what was muted
     * @param kind {@code fingerprint} or {@code type}
     * @param until when the mute ends
     * @param stores the stores that took it, so that every instance sees it at its next refresh; empty with no
     *     failed store when the application shares mutes through no store: it holds on this instance only
     * @param failedStores the stores that could not take it
     */
    public record MutedDescriptor(String target, String kind, String until, List<String> stores,
            List<String> failedStores) implements OperationResponseBody {
    }

    /**
     * What an unmute did.
     *
     * @param target what was unmuted
     * @param kind {@code fingerprint} or {@code type}
     * @param stores the stores that forgot the mute
     * @param failedStores the stores that could not, and may still hold it
     * @param stillMutedByConfiguration whether a permanent mute of the configuration still mutes the target
     */
    public record UnmutedDescriptor(String target, String kind, List<String> stores, List<String> failedStores,
            boolean stillMutedByConfiguration) implements OperationResponseBody {
    }
}
