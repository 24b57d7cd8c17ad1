package dev.erroralert.spring.health;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import dev.erroralert.store.DecisionChain;

/**
 * Checks one store of the decision chain: healthy while it answers and the chain uses it; not when its probe fails
 * (the error in the report) or its circuit is open (the chain skips it until its cool-down has passed). Each check
 * probes the store, within the store's own short timeout, and the chain's circuit learns from the answer: a store
 * that answers again is used again without waiting for the next error.
 */
public final class StoreHealth {

    private final DecisionChain chain;
    private final String store;

    /**
     * Checks {@code store} in {@code chain}.
     *
     * @param chain the chain the store belongs to
     * @param store the store's name, as {@link DecisionChain#storeStates()} gives it
     */
    public StoreHealth(DecisionChain chain, String store) {
        this.chain = Objects.requireNonNull(chain, "chain");
        this.store = Objects.requireNonNull(store, "store");
    }

    /**
     * Probes the store.
     *
     * @return what the probe found
     */
    public HealthReport check() {
        DecisionChain.StoreProbe probe = chain.probe(store);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("circuit", probe.circuit());
        details.put("fallThroughs", probe.fallThroughs());
        return new HealthReport(probe.isAvailable(), details, probe.failure());
    }
}
