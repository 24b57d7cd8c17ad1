package dev.erroralert.testsupport;

import java.util.UUID;

import dev.erroralert.fingerprint.Fingerprint;
import dev.erroralert.silence.Mute;
import dev.erroralert.silence.MuteStore;
import dev.erroralert.silence.MuteTarget;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The behaviour every {@link MuteStore} must show, written once and run against each store that shares mutes
 * (Redis, PostgreSQL, H2).
 *
 * @param <S> the store under test
 */
public abstract class MuteStoreContractTests<S extends MuteStore> {

    private static final long MINUTE = 60_000;

    private final long now = System.currentTimeMillis();

    /** A store on a backend of its own that holds no mutes yet, so a test sees only the mutes it put. */
    protected abstract S newStore();

    /** A second instance on {@code store}'s backend, as another application instance would have it. */
    protected abstract S anotherInstance(S store);

    private static MuteTarget randomFingerprint() {
        return MuteTarget.fingerprint(new Fingerprint(UUID.randomUUID().toString().replace("-", "")));
    }

    @Test
    void nameIsAShortFixedWord() {
        assertThat(newStore().name()).matches("[a-z]{1,16}");
    }

    @Test
    void muteIsActiveUntilItEnds() {
        S store = newStore();
        Mute mute = new Mute(randomFingerprint(), now + MINUTE);

        store.put(mute);

        assertThat(store.active(now)).containsExactly(mute);
        assertThat(store.active(now + MINUTE - 1)).containsExactly(mute);
        assertThat(store.active(now + MINUTE)).as("ended at its until").isEmpty();
    }

    @Test
    void muteThatEndedAlreadyIsNotActive() {
        S store = newStore();

        store.put(new Mute(randomFingerprint(), now - 1));

        assertThat(store.active(now)).isEmpty();
    }

    @Test
    void permanentMuteIsActiveForEver() {
        S store = newStore();
        Mute forEver = new Mute(MuteTarget.exceptionType("java.lang.IllegalStateException"), Long.MAX_VALUE);

        store.put(forEver);

        assertThat(store.active(Long.MAX_VALUE - 1)).containsExactly(forEver);
    }

    @Test
    void anotherInstanceSeesTheMute() {
        S store = newStore();
        Mute mute = new Mute(randomFingerprint(), now + MINUTE);

        store.put(mute);

        assertThat(anotherInstance(store).active(now)).containsExactly(mute);
    }

    @Test
    void puttingAgainReplacesTheEndEarlierOrLater() {
        S store = newStore();
        MuteTarget target = randomFingerprint();
        store.put(new Mute(target, now + MINUTE));

        anotherInstance(store).put(new Mute(target, now + 10 * MINUTE));
        assertThat(store.active(now)).containsExactly(new Mute(target, now + 10 * MINUTE));

        store.put(new Mute(target, now + 2 * MINUTE));
        assertThat(store.active(now)).as("shortened").containsExactly(new Mute(target, now + 2 * MINUTE));
    }

    @Test
    void removeForgetsTheMuteAndSaysWhetherThereWasOne() {
        S store = newStore();
        MuteTarget target = randomFingerprint();
        store.put(new Mute(target, now + MINUTE));

        assertThat(anotherInstance(store).remove(target)).isTrue();
        assertThat(store.active(now)).isEmpty();
        assertThat(store.remove(target)).as("nothing left to remove").isFalse();
    }

    @Test
    void typeAndFingerprintTargetsAreKeptApart() {
        S store = newStore();
        Mute byType = new Mute(MuteTarget.exceptionType("com.example.billing.PaymentDeclinedException"),
                now + MINUTE);
        Mute byFingerprint = new Mute(randomFingerprint(), now + 2 * MINUTE);
        store.put(byType);
        store.put(byFingerprint);

        assertThat(store.active(now)).containsExactlyInAnyOrder(byType, byFingerprint);

        store.remove(byType.target());
        assertThat(store.active(now)).containsExactly(byFingerprint);
    }

    @Test
    void typeOfTheLongestAcceptedNameIsKept() {
        S store = newStore();
        String longest = "com.example." + "x".repeat(MuteTarget.MAX_TYPE_LENGTH - "com.example.".length());
        Mute mute = new Mute(MuteTarget.exceptionType(longest), now + MINUTE);

        store.put(mute);

        assertThat(store.active(now)).containsExactly(mute);
    }
}
