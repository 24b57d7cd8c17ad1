package dev.erroralert.spring.health;

import java.util.Objects;

import dev.erroralert.store.DecisionChain;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The health of one store of the decision chain: UP while it answers and the chain uses it; DOWN when its probe fails
 * (the error in the details) or its circuit is open (the chain skips it until its cool-down has passed). Each health
 * check probes the store, within the store's own short timeout, and the chain's circuit learns from the answer: a
 * store that answers again is used again without waiting for the next error.
 */
public class StoreHealthIndicator implements HealthIndicator {

    private final DecisionChain chain;
    private final String store;

    /**
     * The health of {@code store} in {@code chain}.
     *
     * @param chain the chain the store belongs to
     * @param store the store's name, as {@link DecisionChain#storeStates()} gives it
     */
    public StoreHealthIndicator(DecisionChain chain, String store) {
        this.chain = Objects.requireNonNull(chain, "chain");
        this.store = Objects.requireNonNull(store, "store");
    }

    @Override
    public Health health() {
        DecisionChain.StoreProbe probe = chain.probe(store);
        Health.Builder health = probe.isAvailable() ? Health.up() : Health.down();
        health.withDetail("circuit", probe.circuit()).withDetail("fallThroughs", probe.fallThroughs());
        if (probe.failure() != null) {
            health.withException(probe.failure());
        }
        return health.build();
    }
}
