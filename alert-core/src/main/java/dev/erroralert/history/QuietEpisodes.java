package dev.erroralert.history;

import java.util.List;

/**
 * A store that remembers each error's current episode (its counts, and how many of them were alerted) beyond the
 * expiry of its record, so that the end of an episode with suppressed occurrences can be summarised once.
 */
public interface QuietEpisodes {

    /**
     * Take the episodes that ended by {@code nowMillis} with occurrences no alert was sent for, at most {@code max}.
     * Atomic across instances: an episode is taken once, by one caller, and then forgotten. Episodes that ended with
     * every occurrence alerted are forgotten without being returned.
     *
     * @throws RuntimeException when the store is unavailable
     */
    List<QuietEpisode> takeQuiet(long nowMillis, int max);
}
