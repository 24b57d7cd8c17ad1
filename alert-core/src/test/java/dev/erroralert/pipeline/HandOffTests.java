package dev.erroralert.pipeline;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.erroralert.event.CaptureSite;
import dev.erroralert.event.ErrorEvent;
import dev.erroralert.fingerprint.DefaultFingerprinter;
import dev.erroralert.fingerprint.Fingerprint;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What a full hand-off counts, and to which error each count goes when the dispatcher drains it. */
class HandOffTests {

    private static final CaptureSite PAYMENTS = CaptureSite.of("com.example.PaymentService", "charge");

    private final DefaultFingerprinter fingerprinter = new DefaultFingerprinter();

    @Test
    void overflowedErrorsSharingTypeAndSiteAreEachCountedExactly() {
        HandOff handOff = new HandOff(1);
        int errors = 1_000;
        Map<Fingerprint, Long> thrown = new HashMap<>();
        // Interleaved, as a storm throws them, and each error a different number of times.
        for (int round = 0; round < 7; round++) {
            for (int error = 0; error < errors; error++) {
                if (round <= error % 7) {
                    ErrorEvent event = event(new IllegalStateException("gateway " + letters(error) + " refused"));
                    handOff.offer(event);
                    thrown.merge(fingerprinter.fingerprint(event), 1L, Long::sum);
                }
            }
        }
        Map<Fingerprint, Long> counted = new HashMap<>();
        List<ErrorEvent> queued = new ArrayList<>();
        handOff.drainTo(queued, 10);
        queued.forEach((event) -> counted.merge(fingerprinter.fingerprint(event), 1L, Long::sum));
        handOff.drainOverflow((entry, count) -> counted.merge(fingerprinter.fingerprint(entry.latest()), count,
                Long::sum));

        assertThat(thrown).hasSize(errors);
        assertThat(handOff.overflowed()).isEqualTo(thrown.values().stream().mapToLong(Long::longValue).sum() - 1);
        assertThat(handOff.unattributed()).isZero();
        assertThat(counted).isEqualTo(thrown);
    }

    @Test
    void pastItsBoundOnErrorsTheOverflowCountsPerTypeAndSiteThenUnattributedAndLosesNothing() {
        HandOff handOff = new HandOff(1);
        handOff.offer(event(new IllegalStateException("queued")));
        for (int error = 0; error < HandOff.MAX_ERROR_KEYS; error++) {
            handOff.offer(event(new IllegalStateException("error " + letters(error))));
        }
        // Past the bound on errors: counted per type and site, one entry per site.
        for (int site = 0; site < HandOff.MAX_SITE_KEYS; site++) {
            handOff.offer(new ErrorEvent(new IllegalStateException("late"), CaptureSite.of("com.example.S" + site,
                    "call"), 0, "main", Map.of()));
        }
        // Past both bounds: unattributed.
        handOff.offer(new ErrorEvent(new IllegalStateException("last"), CaptureSite.of("com.example.Other", "call"), 0,
                "main", Map.of()));

        long[] drained = new long[2];
        handOff.drainOverflow((entry, count) -> drained[entry.oneError() ? 0 : 1] += count);
        assertThat(handOff.overflowed()).isEqualTo(HandOff.MAX_ERROR_KEYS + HandOff.MAX_SITE_KEYS + 1);
        assertThat(drained[0]).as("counted per error").isEqualTo(HandOff.MAX_ERROR_KEYS);
        assertThat(drained[1]).as("counted per type and site").isEqualTo(HandOff.MAX_SITE_KEYS);
        assertThat(handOff.unattributed()).isOne();
    }

    @Test
    void anErrorWhoseMessageCannotBeReadIsCountedPerTypeAndSite() {
        HandOff handOff = new HandOff(1);
        handOff.offer(event(new IllegalStateException("queued")));
        handOff.offer(event(new IllegalStateException() {
            @Override
            public String getMessage() {
                throw new UnsupportedOperationException("no message today");
            }
        }));

        List<Boolean> oneError = new ArrayList<>();
        handOff.drainOverflow((entry, count) -> oneError.add(entry.oneError()));
        assertThat(oneError).containsExactly(false);
        assertThat(handOff.unattributed()).isZero();
    }

    private static ErrorEvent event(Throwable error) {
        return new ErrorEvent(error, PAYMENTS, 0, "main", Map.of());
    }

    /** A word of letters for {@code n}, which the fingerprint's normalisation keeps (it replaces numbers). */
    private static String letters(int n) {
        StringBuilder word = new StringBuilder();
        do {
            word.append((char) ('a' + n % 26));
            n /= 26;
        }
        while (n > 0);
        return word.toString();
    }
}
