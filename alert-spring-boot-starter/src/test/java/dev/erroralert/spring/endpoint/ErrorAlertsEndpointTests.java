package dev.erroralert.spring.endpoint;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import dev.erroralert.fingerprint.Fingerprint;
import dev.erroralert.history.ErrorDetails;
import dev.erroralert.history.HistoryEntry;
import dev.erroralert.notify.SecretMasker;
import dev.erroralert.policy.SeedAlertPolicy;
import dev.erroralert.silence.MuteTarget;
import dev.erroralert.silence.Silences;
import dev.erroralert.spring.endpoint.ErrorAlertsEndpoint.ErrorAlertsDescriptor;
import dev.erroralert.spring.endpoint.ErrorAlertsEndpoint.ErrorDescriptor;
import dev.erroralert.spring.endpoint.ErrorAlertsEndpoint.MuteDescriptor;
import dev.erroralert.spring.endpoint.ErrorAlertsEndpoint.MutedDescriptor;
import dev.erroralert.spring.endpoint.ErrorAlertsEndpoint.UnmutedDescriptor;
import dev.erroralert.store.DecisionChain;
import dev.erroralert.store.InMemoryDedupStore;
import dev.erroralert.testsupport.InMemoryHistoryStore;
import dev.erroralert.testsupport.InMemoryMuteStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ErrorAlertsEndpointTests {

    private static final Instant NOW = Instant.parse("2030-03-01T12:00:00Z");

    private static final Fingerprint ORDERS = new Fingerprint("0123456789abcdef0123456789abcdef");

    private static final Fingerprint PAYMENTS = new Fingerprint("fedcba9876543210fedcba9876543210");

    private static final Fingerprint LAST_WEEK = new Fingerprint("00000000000000000000000000000001");

    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

    private final SeedAlertPolicy policy = new SeedAlertPolicy(Duration.ofMinutes(5), Duration.ofMinutes(30), 5);

    private final InMemoryDedupStore live = new InMemoryDedupStore();

    private final DecisionChain chain = new DecisionChain(List.of(live), policy, null, Duration.ofSeconds(30));

    private final InMemoryHistoryStore history = new InMemoryHistoryStore();

    private final InMemoryMuteStore muteStore = new InMemoryMuteStore("redis");

    private final Silences silences = new Silences(List.of(muteStore), List.of(), clock);

    private final ErrorAlertsEndpoint endpoint = new ErrorAlertsEndpoint(history, silences, chain,
            SecretMasker.withDefaults(), clock);

    private static HistoryEntry entry(Fingerprint fingerprint, String type, String message, Instant lastSeen,
            long total) {
        return new HistoryEntry(fingerprint,
                new ErrorDetails(type, message, "com.example.OrderService#place", "shop", "prod"),
                lastSeen.minus(Duration.ofHours(1)).toEpochMilli(), lastSeen.toEpochMilli(), total, 6, total - 6);
    }

    private void plantThreeErrors() {
        history.put(entry(ORDERS, "com.example.OrderFailure", "order 42 not found", NOW.minusSeconds(60), 10));
        history.put(entry(PAYMENTS, "com.example.PaymentFailure", "card declined", NOW.minusSeconds(600), 1_000));
        history.put(entry(LAST_WEEK, "java.lang.IllegalStateException", "old", NOW.minus(Duration.ofDays(7)), 50_000));
    }

    @Test
    void errorsShouldListTheRecentOnesLatestFirstAndTheTopOnesOfTheLastDayHighestFirst() {
        plantThreeErrors();

        ErrorAlertsDescriptor errors = endpoint.errors(null);

        assertThat(errors.history()).isTrue();
        assertThat(errors.recent()).extracting(ErrorDescriptor::fingerprint)
                .containsExactly(ORDERS.value(), PAYMENTS.value(), LAST_WEEK.value());
        assertThat(errors.top()).as("last week's error is not of the last 24 h")
                .extracting(ErrorDescriptor::fingerprint)
                .containsExactly(PAYMENTS.value(), ORDERS.value());
    }

    @Test
    void errorsShouldDescribeEachErrorWithItsLiveCount() {
        plantThreeErrors();
        live.record(ORDERS, 3, NOW.toEpochMilli(), policy.windows());

        ErrorDescriptor orders = endpoint.errors(null).recent().get(0);

        assertThat(orders).isEqualTo(new ErrorDescriptor(ORDERS.value(), "01234567", "com.example.OrderFailure",
                "order 42 not found", "com.example.OrderService#place", "shop", "prod", "2030-03-01T10:59:00Z",
                "2030-03-01T11:59:00Z", 10, 6, 4, 3L, false, null));
        assertThat(endpoint.errors(null).recent().get(1).liveCount()).as("no live record").isNull();
    }

    @Test
    void errorsShouldHoldAtMostLimitErrorsPerList() {
        plantThreeErrors();

        ErrorAlertsDescriptor errors = endpoint.errors("1");

        assertThat(errors.recent()).extracting(ErrorDescriptor::fingerprint).containsExactly(ORDERS.value());
        assertThat(errors.top()).extracting(ErrorDescriptor::fingerprint).containsExactly(PAYMENTS.value());
    }

    @ParameterizedTest
    @ValueSource(strings = { "0", "101", "-1", "twenty", "1.5" })
    void errorsWithABadLimitShouldBeRefusedNamingLimit(String limit) {
        assertThatExceptionOfType(InvalidParameterException.class).isThrownBy(() -> endpoint.errors(limit))
                .satisfies((ex) -> {
                    assertThat(ex.getParameter()).isEqualTo("limit");
                    assertThat(ex.getReason()).startsWith("limit must be a whole number from 1 to 100");
                });
    }

    @Test
    void errorsWithoutAHistoryShouldShowTheMutesOnly() {
        ErrorAlertsEndpoint withoutHistory = new ErrorAlertsEndpoint(null, silences, chain,
                SecretMasker.withDefaults(), clock);
        withoutHistory.mute("type:com.example.OrderFailure", null, "30m");

        ErrorAlertsDescriptor errors = withoutHistory.errors(null);

        assertThat(errors.history()).isFalse();
        assertThat(errors.recent()).isEmpty();
        assertThat(errors.top()).isEmpty();
        assertThat(errors.mutes()).containsExactly(
                new MuteDescriptor("type:com.example.OrderFailure", "type", "2030-03-01T12:30:00Z", false));
        assertThat(withoutHistory.error(ORDERS.value())).isNull();
    }

    @Test
    void errorsWhenTheHistoryCannotBeReadShouldShowTheMutesAndNoHistory() {
        plantThreeErrors();
        endpoint.mute("fingerprint:" + ORDERS.value(), null, "PT1H");
        history.setFailing(true);

        ErrorAlertsDescriptor errors = endpoint.errors(null);

        assertThat(errors.history()).isFalse();
        assertThat(errors.recent()).isEmpty();
        assertThat(errors.mutes()).hasSize(1);
    }

    @Test
    void errorShouldDescribeOneErrorOrNothing() {
        plantThreeErrors();

        assertThat(endpoint.error(PAYMENTS.value())).extracting(ErrorDescriptor::totalCount).isEqualTo(1_000L);
        assertThat(endpoint.error("ffffffffffffffffffffffffffffffff")).isNull();
        assertThatExceptionOfType(InvalidParameterException.class).isThrownBy(() -> endpoint.error("not-a-fingerprint"))
                .satisfies((ex) -> assertThat(ex.getParameter()).isEqualTo("fingerprint"));
    }

    @Test
    void anErrorOfUnknownDetailsShouldStillBeListed() {
        history.put(new HistoryEntry(ORDERS, null, NOW.toEpochMilli(), NOW.toEpochMilli(), 1, 1, 0));

        ErrorDescriptor orders = endpoint.error(ORDERS.value());

        assertThat(orders.exceptionType()).isNull();
        assertThat(orders.sampleMessage()).isNull();
        assertThat(orders.totalCount()).isEqualTo(1);
    }

    @Test
    void textsFromTheHistoryShouldBeMaskedAgain() {
        history.put(new HistoryEntry(ORDERS, new ErrorDetails("com.example.Failure",
                "login failed password=hunter2 with Authorization: Bearer abc.def.ghi card 4111 1111 1111 1111",
                "com.example.Login#login token=t0k3n", "shop secret=s1", "prod apikey=k1"), NOW.toEpochMilli(),
                NOW.toEpochMilli(), 1, 1, 0));

        ErrorDescriptor orders = endpoint.error(ORDERS.value());

        assertThat(orders.sampleMessage())
                .isEqualTo("login failed password=*** with Authorization: Bearer *** card **** **** **** 1111");
        assertThat(orders.location()).isEqualTo("com.example.Login#login token=***");
        assertThat(orders.application()).isEqualTo("shop secret=***");
        assertThat(orders.environment()).isEqualTo("prod apikey=***");
    }

    @Test
    void muteWithADurationShouldMuteUntilNowPlusTheDurationInEveryStore() {
        MutedDescriptor muted = endpoint.mute("fingerprint:" + ORDERS.value(), null, "30m");

        assertThat(muted).isEqualTo(new MutedDescriptor("fingerprint:" + ORDERS.value(), "fingerprint",
                "2030-03-01T12:30:00Z", List.of("redis"), List.of()));
        assertThat(silences.isMuted(ORDERS, "com.example.OrderFailure")).isTrue();
        assertThat(muteStore.held()).containsKey(MuteTarget.fingerprint(ORDERS));
        assertThat(endpoint.mute("fingerprint:" + ORDERS.value(), null, "PT2H").until())
                .isEqualTo("2030-03-01T14:00:00Z");
    }

    @Test
    void muteUntilAnInstantShouldTakeItWithOrWithoutAnOffset() {
        assertThat(endpoint.mute("type:com.example.OrderFailure", "2030-03-02T00:00:00Z", null).until())
                .isEqualTo("2030-03-02T00:00:00Z");
        assertThat(endpoint.mute("type:com.example.OrderFailure", "2030-03-02T09:00:00+09:00", null).until())
                .isEqualTo("2030-03-02T00:00:00Z");
    }

    @Test
    void aMutedErrorShouldSayUntilWhenByItsFingerprintOrItsType() {
        plantThreeErrors();
        endpoint.mute("fingerprint:" + ORDERS.value(), null, "1h");
        endpoint.mute("type:com.example.PaymentFailure", null, "2h");

        List<ErrorDescriptor> recent = endpoint.errors(null).recent();

        assertThat(recent).extracting(ErrorDescriptor::muted).containsExactly(true, true, false);
        assertThat(recent).extracting(ErrorDescriptor::mutedUntil).containsExactly("2030-03-01T13:00:00Z",
                "2030-03-01T14:00:00Z", null);
    }

    @Test
    void aPermanentMuteOfTheConfigurationShouldShowWithoutAnEndAndStayWhenUnmuted() {
        plantThreeErrors();
        Silences configured = new Silences(List.of(muteStore), List.of(MuteTarget.fingerprint(ORDERS)), clock);
        ErrorAlertsEndpoint endpoint = new ErrorAlertsEndpoint(history, configured, chain,
                SecretMasker.withDefaults(), clock);

        ErrorAlertsDescriptor errors = endpoint.errors(null);
        UnmutedDescriptor unmuted = endpoint.unmute("fingerprint:" + ORDERS.value());

        assertThat(errors.mutes()).containsExactly(
                new MuteDescriptor("fingerprint:" + ORDERS.value(), "fingerprint", null, true));
        assertThat(errors.recent().get(0).muted()).isTrue();
        assertThat(errors.recent().get(0).mutedUntil()).isNull();
        assertThat(unmuted.stillMutedByConfiguration()).isTrue();
        assertThat(configured.isMuted(ORDERS, "com.example.OrderFailure")).isTrue();
    }

    @Test
    void unmuteShouldLiftTheMuteInEveryStore() {
        endpoint.mute("type:com.example.OrderFailure", null, "1h");

        UnmutedDescriptor unmuted = endpoint.unmute("type:com.example.OrderFailure");

        assertThat(unmuted).isEqualTo(new UnmutedDescriptor("type:com.example.OrderFailure", "type",
                List.of("redis"), List.of(), false));
        assertThat(silences.isMuted(ORDERS, "com.example.OrderFailure")).isFalse();
        assertThat(muteStore.held()).isEmpty();
        assertThat(endpoint.errors(null).mutes()).isEmpty();
    }

    @Test
    void muteWhenTheStoreIsDownShouldSaySo() {
        muteStore.setFailing(true);

        MutedDescriptor muted = endpoint.mute("type:com.example.OrderFailure", null, "1h");

        assertThat(muted.stores()).isEmpty();
        assertThat(muted.failedStores()).containsExactly("redis");
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "order", "fingerprint:xyz", "fingerprint:0123456789ABCDEF0123456789ABCDEF",
            "type:not a class", "kind:com.example.OrderFailure" })
    void muteWithABadTargetShouldBeRefusedNamingTarget(String target) {
        assertThatExceptionOfType(InvalidParameterException.class)
                .isThrownBy(() -> endpoint.mute(target, null, "30m"))
                .satisfies((ex) -> {
                    assertThat(ex.getParameter()).isEqualTo("target");
                    assertThat(ex.getReason()).startsWith("target ");
                });
        assertThatExceptionOfType(InvalidParameterException.class).isThrownBy(() -> endpoint.unmute(target))
                .satisfies((ex) -> assertThat(ex.getParameter()).isEqualTo("target"));
        assertThat(muteStore.held()).isEmpty();
    }

    @Test
    void muteWithoutATargetShouldBeRefusedNamingTarget() {
        assertThatExceptionOfType(InvalidParameterException.class).isThrownBy(() -> endpoint.mute(null, null, "30m"))
                .satisfies((ex) -> assertThat(ex.getReason()).startsWith("target is required"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "thirty minutes", "30x", "-30m", "0s", "PT-1H", "PT0S", "9999999999999999d" })
    void muteWithABadDurationShouldBeRefusedNamingDuration(String duration) {
        assertThatExceptionOfType(InvalidParameterException.class)
                .isThrownBy(() -> endpoint.mute("type:com.example.OrderFailure", null, duration))
                .satisfies((ex) -> {
                    assertThat(ex.getParameter()).isEqualTo("duration");
                    assertThat(ex.getReason()).startsWith("duration ");
                });
    }

    @ParameterizedTest
    @ValueSource(strings = { "tomorrow", "2030-03-01", "2030-03-01T11:00:00Z", "2030-03-01T12:00:00Z",
            "+999999999-12-31T23:59:59Z" })
    void muteWithABadOrPastUntilShouldBeRefusedNamingUntil(String until) {
        assertThatExceptionOfType(InvalidParameterException.class)
                .isThrownBy(() -> endpoint.mute("type:com.example.OrderFailure", until, null))
                .satisfies((ex) -> {
                    assertThat(ex.getParameter()).isEqualTo("until");
                    assertThat(ex.getReason()).startsWith("until ");
                });
    }

    @Test
    void muteShouldTakeEitherUntilOrDuration() {
        assertThatExceptionOfType(InvalidParameterException.class)
                .isThrownBy(() -> endpoint.mute("type:com.example.OrderFailure", null, null))
                .satisfies((ex) -> assertThat(ex.getReason()).contains("until", "duration"));
        assertThatExceptionOfType(InvalidParameterException.class)
                .isThrownBy(() -> endpoint.mute("type:com.example.OrderFailure", "2030-03-02T00:00:00Z", "30m"))
                .satisfies((ex) -> assertThat(ex.getReason()).contains("until", "duration", "not both"));
    }
}
