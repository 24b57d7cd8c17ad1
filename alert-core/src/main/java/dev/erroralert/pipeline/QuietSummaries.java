package dev.erroralert.pipeline;

import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

import dev.erroralert.delivery.DeliveryEngine;
import dev.erroralert.event.Origin;
import dev.erroralert.history.ErrorDetails;
import dev.erroralert.history.QuietEpisode;
import dev.erroralert.history.QuietEpisodes;
import dev.erroralert.notify.Alert;
import dev.erroralert.notify.SecretMasker;
import dev.erroralert.policy.DedupWindows;
import dev.erroralert.silence.Silences;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one summary when an error that had suppressed occurrences goes quiet for its window: "stopped: 1,234
 * occurrences over 47 min, 1,228 not alerted". The stores keep each episode and hand an ended one to exactly one
 * caller ({@link QuietEpisodes#takeQuiet}), so with several instances checking, one of them sends it. A muted error
 * gets no summary.
 */
public final class QuietSummaries {

    private static final Logger logger = LoggerFactory.getLogger(QuietSummaries.class);

    /** The most episodes one check takes from one store; the rest wait for the next check. */
    static final int MAX_PER_CHECK = 100;

    private final List<QuietEpisodes> sources;
    private final Silences silences;
    private final SecretMasker masker;
    private final DeliveryEngine delivery;
    private final Origin origin;
    private final DedupWindows windows;
    private final Clock clock;
    private final AtomicLong sent = new AtomicLong();

    /**
     * @param masker masks the episode's sample message once more before it leaves: it was masked when counted, but
     *     perhaps by another application or an older rule set
     */
    public QuietSummaries(List<? extends QuietEpisodes> sources, Silences silences, SecretMasker masker,
            DeliveryEngine delivery, Origin origin, DedupWindows windows, Clock clock) {
        this.sources = List.copyOf(sources);
        this.silences = Objects.requireNonNull(silences, "silences");
        this.masker = Objects.requireNonNull(masker, "masker");
        this.delivery = Objects.requireNonNull(delivery, "delivery");
        this.origin = Objects.requireNonNull(origin, "origin");
        this.windows = Objects.requireNonNull(windows, "windows");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Take the episodes that ended from every store and send their summaries. Never throws: a store that fails is
     * asked again at the next check, and keeps its episodes meanwhile.
     *
     * @return how many summaries were handed to delivery
     */
    public synchronized int checkNow() {
        int handed = 0;
        for (QuietEpisodes source : sources) {
            List<QuietEpisode> ended;
            try {
                ended = source.takeQuiet(clock.millis(), MAX_PER_CHECK);
            }
            catch (RuntimeException ex) {
                logger.debug("error-alert: could not look for quiet errors in {}", source, ex);
                continue;
            }
            for (QuietEpisode episode : ended) {
                String type = episode.details() == null ? "" : episode.details().exceptionType();
                if (episode.notAlerted() == 0 || silences.isMuted(episode.fingerprint(), type)) {
                    continue;
                }
                delivery.submit(Alert.quietSummary(masked(episode), origin, windows));
                sent.incrementAndGet();
                handed++;
            }
        }
        return handed;
    }

    private QuietEpisode masked(QuietEpisode episode) {
        ErrorDetails details = episode.details();
        if (details == null || details.sampleMessage() == null) {
            return episode;
        }
        return new QuietEpisode(episode.fingerprint(), episode.firstSeenMillis(), episode.lastSeenMillis(),
                episode.occurrences(), episode.alertedOccurrences(), StoredDetails.masked(details, masker),
                episode.threads());
    }

    /** Summaries this instance handed to delivery. */
    public long sent() {
        return sent.get();
    }
}
