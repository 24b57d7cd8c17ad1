package dev.erroralert.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import dev.erroralert.fingerprint.Fingerprint;
import dev.erroralert.history.ErrorDetails;
import dev.erroralert.policy.AlertPolicy;
import dev.erroralert.policy.Decision;
import dev.erroralert.policy.DedupWindows;
import dev.erroralert.policy.Tally;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chain of responsibility: the shared stores in order (Redis, then JDBC), then the direct link.
 * <p>
 * A store that throws is skipped and the next one decides. Each store sits behind its own circuit breaker, so a
 * store that failed is not asked again (and costs no timeout) until its cool-down has passed; then one call probes
 * it. When every store is unavailable the direct link decides: with the in-memory guard the same rule applies per
 * instance, so a storm during a double outage cannot flood the channel; without it every occurrence is sent, as the
 * original design did.
 */
public final class DecisionChain {

    /** The name a decision carries when the direct link sent without any guard. */
    public static final String DIRECT = "direct";

    private static final Logger logger = LoggerFactory.getLogger(DecisionChain.class);

    private final List<Link> links;
    private final AlertPolicy policy;
    private final DedupWindows windows;
    private final @Nullable InMemoryDedupStore directGuard;
    private final AtomicLong directDecisions = new AtomicLong();
    private final ChainThreads threads;

    /**
     * @param stores the shared stores, asked in this order
     * @param policy the rule applied to every store's counts
     * @param directGuard the per-instance guard of the direct link, or {@code null} to send every occurrence
     *     when all stores are down
     * @param coolDown how long a failed store is skipped before it is probed again
     */
    public DecisionChain(List<? extends DedupStore> stores, AlertPolicy policy, @Nullable InMemoryDedupStore directGuard,
            Duration coolDown) {
        this(stores, List.of(), policy, directGuard, coolDown);
    }

    /**
     * @param stores the shared stores, asked in this order
     * @param threads the thread stores kept with some of {@code stores}, each asked through its store's circuit; a
     *     store that is itself a {@link ThreadStore} and named by none keeps its own threads
     * @param policy the rule applied to every store's counts
     * @param directGuard the per-instance guard of the direct link, or {@code null} to send every occurrence
     *     when all stores are down
     * @param coolDown how long a failed store is skipped before it is probed again
     * @throws IllegalArgumentException when threads name a store that is not in {@code stores}
     */
    public DecisionChain(List<? extends DedupStore> stores, List<StoreThreads> threads, AlertPolicy policy,
            @Nullable InMemoryDedupStore directGuard, Duration coolDown) {
        Objects.requireNonNull(stores, "stores");
        Objects.requireNonNull(threads, "threads");
        this.policy = Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(coolDown, "coolDown");
        if (coolDown.toMillis() < 1) {
            throw new IllegalArgumentException("coolDown must be at least 1 ms, got " + coolDown);
        }
        // Read once: the windows are configuration, and a policy failing here must fail at start-up, not inside a
        // store call where it would count against the store.
        this.windows = Objects.requireNonNull(policy.windows(), "policy.windows()");
        this.directGuard = directGuard;
        CircuitBreakerConfig config = CircuitBreakerConfig.custom()
                // One failure is enough: a dead store would otherwise cost a timeout per decision.
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(1)
                .minimumNumberOfCalls(1)
                .failureRateThreshold(100)
                .waitDurationInOpenState(coolDown)
                .permittedNumberOfCallsInHalfOpenState(1)
                .recordExceptions(Throwable.class)
                .build();
        List<Link> built = new ArrayList<>();
        for (DedupStore store : stores) {
            built.add(new Link(store, CircuitBreaker.of("error-alert-" + store.name(), config), coolDown));
        }
        this.links = List.copyOf(built);
        List<ChainThreads.Guarded> guarded = new ArrayList<>();
        int paired = 0;
        for (Link link : links) {
            List<StoreThreads> kept = threads.stream().filter((with) -> with.store().equals(link.store.name())).toList();
            kept.forEach((with) -> guarded.add(new ChainThreads.Guarded(with.threads(), link)));
            paired += kept.size();
            // A store of the application's own that keeps threads itself goes on keeping them, as it did when the
            // chain asked every store that was a ThreadStore.
            if (kept.isEmpty() && link.store instanceof ThreadStore own) {
                guarded.add(new ChainThreads.Guarded(own, link));
            }
        }
        if (paired != threads.size()) {
            throw new IllegalArgumentException("Threads kept with a store that is not in the chain: " + threads);
        }
        this.threads = new ChainThreads(guarded);
    }

    /** Count {@code delta} occurrences of {@code fingerprint} in the first store that answers, and judge them. */
    public Decision decide(Fingerprint fingerprint, long delta, long nowMillis) {
        return decide(fingerprint, delta, nowMillis, null);
    }

    /**
     * Count {@code delta} occurrences of {@code fingerprint} in the first store that answers, and judge them;
     * {@code details} go to the error history of stores that keep one.
     */
    public Decision decide(Fingerprint fingerprint, long delta, long nowMillis, @Nullable ErrorDetails details) {
        return judge(record(fingerprint, delta, nowMillis, details));
    }

    /**
     * Count {@code delta} occurrences of {@code fingerprint} in the first store that answers, without judging them,
     * so a caller that knows more of the error than the store does (a store that just took over starts from nothing)
     * can adjust the tally before {@link #judge(Tally) judging} it. When every store is down and the direct link has
     * no guard, the tally is counted by {@link #DIRECT} with a previous count of 0, which every judgement sends.
     */
    public Tally record(Fingerprint fingerprint, long delta, long nowMillis, @Nullable ErrorDetails details) {
        for (Link link : links) {
            Tally tally = link.tryRecord(fingerprint, delta, nowMillis, windows, details);
            if (tally != null) {
                return tally;
            }
        }
        directDecisions.incrementAndGet();
        if (directGuard != null) {
            return directGuard.record(fingerprint, delta, nowMillis, windows, details);
        }
        return new Tally(0, delta, nowMillis, DIRECT);
    }

    /**
     * Count several errors' occurrences in the first store that answers for all of them, in as few round trips as it
     * can ({@link DedupStore#recordAll}), without judging them. A store that fails leaves the whole batch to the next
     * link.
     *
     * @return the tallies, in the order of {@code deltas}
     */
    public List<Tally> recordAll(List<CountDelta> deltas, long nowMillis) {
        if (deltas.isEmpty()) {
            return List.of();
        }
        for (Link link : links) {
            List<Tally> tallies = link.tryRecordAll(deltas, nowMillis, windows);
            if (tallies != null) {
                return tallies;
            }
        }
        directDecisions.addAndGet(deltas.size());
        if (directGuard != null) {
            // As a batch, so that the guard notes the earlier alerts the deltas carry, as any store does.
            return directGuard.recordAll(deltas, nowMillis, windows);
        }
        List<Tally> tallies = new ArrayList<>(deltas.size());
        for (CountDelta delta : deltas) {
            tallies.add(new Tally(0, delta.delta(), nowMillis, DIRECT));
        }
        return tallies;
    }

    /**
     * Tell the store that counted {@code tally} that an alert was sent for it (see {@link DedupStore#recordAlerted}).
     * Best effort: a store that fails here is not skipped for it, and the failure is only logged at debug level,
     * since the counts it keeps are for the history and quiet summaries, not for deciding.
     */
    public void recordAlerted(Fingerprint fingerprint, Tally tally, long nowMillis) {
        recordAlertedAll(List.of(new AlertedStep(fingerprint, tally)), nowMillis);
    }

    /**
     * Tell the stores that counted {@code steps} that an alert was sent for each, each store its own steps in one
     * batch ({@link DedupStore#recordAlertedAll}); best effort, as {@link #recordAlerted}.
     */
    public void recordAlertedAll(List<AlertedStep> steps, long nowMillis) {
        Map<String, List<AlertedStep>> byStore = new LinkedHashMap<>();
        for (AlertedStep step : steps) {
            byStore.computeIfAbsent(step.tally().countedBy(), (name) -> new ArrayList<>()).add(step);
        }
        byStore.forEach((name, ofStore) -> {
            DedupStore store = storeNamed(name);
            if (store == null) {
                return;
            }
            try {
                store.recordAlertedAll(ofStore, nowMillis);
            }
            catch (RuntimeException ex) {
                logger.debug("error-alert: the {} store could not count {} alerts", store.name(), ofStore.size(), ex);
            }
        });
    }

    /**
     * The count of the fingerprint's live record in the first available store that can tell, for display.
     * Empty when no store knows of a live record, or none could answer.
     */
    public OptionalLong liveCount(Fingerprint fingerprint, long nowMillis) {
        for (Link link : links) {
            if (link.breaker.getState() == CircuitBreaker.State.CLOSED) {
                try {
                    OptionalLong count = link.store.liveCount(fingerprint, nowMillis);
                    if (count.isPresent()) {
                        return count;
                    }
                }
                catch (RuntimeException ex) {
                    logger.debug("error-alert: the {} store could not tell a live count", link.store.name(), ex);
                }
            }
        }
        return directGuard == null ? OptionalLong.empty() : directGuard.liveCount(fingerprint, nowMillis);
    }

    /** The shared stores in chain order, then the direct link's guard if there is one. */
    public List<DedupStore> stores() {
        List<DedupStore> all = new ArrayList<>();
        links.forEach((link) -> all.add(link.store));
        if (directGuard != null) {
            all.add(directGuard);
        }
        return List.copyOf(all);
    }

    /** Whether the store named {@code store} is in use: its circuit is closed. Unknown names are not. */
    public boolean isAvailable(String store) {
        for (Link link : links) {
            if (link.store.name().equals(store)) {
                return link.breaker.getState() == CircuitBreaker.State.CLOSED;
            }
        }
        return directGuard != null && directGuard.name().equals(store);
    }

    private @Nullable DedupStore storeNamed(String name) {
        for (Link link : links) {
            if (link.store.name().equals(name)) {
                return link.store;
            }
        }
        return directGuard != null && directGuard.name().equals(name) ? directGuard : null;
    }

    /** Judge a tally by the policy; the unguarded direct link sends whatever the policy says. */
    public Decision judge(Tally tally) {
        if (tally.countedBy().equals(DIRECT)) {
            return new Decision.Send(tally, false);
        }
        try {
            return policy.decide(tally);
        }
        catch (RuntimeException ex) {
            // A broken custom policy must not silence alerts: send, as the direct link would.
            logger.warn("Alert policy {} failed; sending the alert", policy, ex);
            return new Decision.Send(tally, false);
        }
    }

    /**
     * The threads of the chain's stores, asked in chain order, each through the circuit of the store it is kept with.
     */
    public ThreadStore threads() {
        return threads;
    }

    /** The state of each store's circuit, in chain order, for health and tests. */
    public List<StoreState> storeStates() {
        return links.stream().map(Link::state).toList();
    }

    /**
     * Probe the store named {@code store} now, within the store's own timeout, for a health check. When its circuit
     * allows a call, the answer counts like a decision's: a store that stopped answering is skipped from now on (and
     * logged once), and one that answers again after its cool-down is used again at once rather than at the next
     * error. During a cool-down the store is probed all the same, but its circuit stays open.
     *
     * @throws IllegalArgumentException when no store of the chain has that name
     */
    public StoreProbe probe(String store) {
        for (Link link : links) {
            if (link.store.name().equals(store)) {
                return link.probe();
            }
        }
        throw new IllegalArgumentException("No store named '" + store + "' in the chain");
    }

    /** How many decisions fell through every store to the direct link. */
    public long directDecisions() {
        return directDecisions.get();
    }

    /** The policy every link applies. */
    public AlertPolicy policy() {
        return policy;
    }

    /**
     * A store's standing in the chain.
     *
     * @param store the store's name
     * @param circuit {@code CLOSED} (used), {@code OPEN} (skipped during its cool-down) or {@code HALF_OPEN}
     * @param fallThroughs how many decisions this store did not make because it failed or was skipped
     */
    public record StoreState(String store, String circuit, long fallThroughs) {
    }

    /**
     * What probing a store found.
     *
     * @param store the store's name
     * @param circuit the state of its circuit after the probe: {@code CLOSED}, {@code OPEN} or {@code HALF_OPEN}
     * @param fallThroughs how many decisions this store did not make because it failed or was skipped
     * @param failure why the probe failed, or {@code null} when the store answered
     */
    public record StoreProbe(String store, String circuit, long fallThroughs, @Nullable Throwable failure) {

        /** Whether the chain uses the store: it answered, and its circuit is not open. */
        public boolean isAvailable() {
            // HALF_OPEN counts as available: the store is being probed, and it answered this probe.
            return failure == null && !circuit.equals("OPEN") && !circuit.equals("FORCED_OPEN");
        }
    }

    private static final class Link implements ChainThreads.Circuit {

        private final DedupStore store;
        private final CircuitBreaker breaker;
        private final AtomicLong fallThroughs = new AtomicLong();

        private final Duration coolDown;

        Link(DedupStore store, CircuitBreaker breaker, Duration coolDown) {
            this.store = store;
            this.breaker = breaker;
            this.coolDown = coolDown;
            breaker.getEventPublisher().onStateTransition(event -> {
                if (event.getStateTransition().getToState() == CircuitBreaker.State.CLOSED) {
                    logger.info("error-alert: the {} store is available again", store.name());
                }
            });
        }

        @Nullable Tally tryRecord(Fingerprint fingerprint, long delta, long nowMillis, DedupWindows windows,
                @Nullable ErrorDetails details) {
            Tally tally = call(() -> store.record(fingerprint, delta, nowMillis, windows, details), true);
            if (tally == null) {
                fallThroughs.incrementAndGet();
            }
            return tally;
        }

        @Nullable List<Tally> tryRecordAll(List<CountDelta> deltas, long nowMillis, DedupWindows windows) {
            List<Tally> tallies = call(() -> {
                List<Tally> answered = store.recordAll(deltas, nowMillis, windows);
                if (answered.size() != deltas.size()) {
                    throw new IllegalStateException("The " + store.name() + " store answered " + answered.size()
                            + " tallies for " + deltas.size() + " errors");
                }
                return answered;
            }, true);
            if (tallies == null) {
                fallThroughs.addAndGet(deltas.size());
            }
            return tallies;
        }

        /** A thread's call: through the circuit, without reporting a failure as the store going down. */
        @Override
        public <T> @Nullable T callQuietly(Supplier<T> call) {
            return call(call, false);
        }

        /**
         * The sequence of every call through the circuit but a probe: ask the circuit for permission, time the call
         * and tell the circuit how it went.
         *
         * @param reportFailure whether a failure is logged as the store going down, as a decision's is; a thread's
         *     call only moves the circuit
         * @return what {@code call} answered, or {@code null} when the circuit refused the call or the call failed
         */
        <T> @Nullable T call(Supplier<T> call, boolean reportFailure) {
            if (!breaker.tryAcquirePermission()) {
                return null;
            }
            long start = System.nanoTime();
            try {
                T answer = call.get();
                breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                return answer;
            }
            catch (Throwable ex) {
                if (reportFailure) {
                    failed(ex, System.nanoTime() - start);
                }
                else {
                    breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, ex);
                }
                return null;
            }
        }

        StoreProbe probe() {
            // Asked whether the circuit allows a call before probing: the probe is made either way, but only an
            // allowed one may move the circuit.
            boolean counts = breaker.tryAcquirePermission();
            long start = System.nanoTime();
            Throwable failure = null;
            try {
                store.probe();
            }
            catch (Throwable ex) {
                failure = ex;
            }
            if (counts) {
                if (failure == null) {
                    breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                }
                else {
                    failed(failure, System.nanoTime() - start);
                }
            }
            return new StoreProbe(store.name(), breaker.getState().name(), fallThroughs.get(), failure);
        }

        private void failed(Throwable ex, long tookNanos) {
            boolean wasWorking = breaker.getState() == CircuitBreaker.State.CLOSED;
            breaker.onError(tookNanos, TimeUnit.NANOSECONDS, ex);
            // Once when the store goes down; a failed probe after each cool-down is not news.
            if (wasWorking) {
                logger.warn("error-alert: the {} store is unavailable ({}); the next link decides and the store is "
                        + "probed again every {}", store.name(), ex.toString(), coolDown);
            }
            else {
                logger.debug("error-alert: the {} store is still unavailable", store.name(), ex);
            }
        }

        StoreState state() {
            return new StoreState(store.name(), breaker.getState().name(), fallThroughs.get());
        }
    }
}
