package dev.erroralert.spring.health;

import java.util.Objects;

import dev.erroralert.store.DecisionChain;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * The health of one store of the decision chain, in Spring Boot 4's health types (see {@link StoreHealth}): UP while
 * it answers and the chain uses it, else the degraded status it is given (DOWN unless told otherwise).
 */
public class StoreHealthIndicator implements HealthIndicator {

    private final StoreHealth check;
    private final Status degraded;

    /**
     * The health of {@code store} in {@code chain}, DOWN when it does not answer.
     *
     * @param chain the chain the store belongs to
     * @param store the store's name, as {@link DecisionChain#storeStates()} gives it
     */
    public StoreHealthIndicator(DecisionChain chain, String store) {
        this(chain, store, Status.DOWN);
    }

    /**
     * The health of {@code store} in {@code chain}, {@code degraded} when it does not answer.
     *
     * @param chain the chain the store belongs to
     * @param store the store's name, as {@link DecisionChain#storeStates()} gives it
     * @param degraded the status to report when the store does not answer
     */
    public StoreHealthIndicator(DecisionChain chain, String store, Status degraded) {
        this.check = new StoreHealth(chain, store);
        this.degraded = Objects.requireNonNull(degraded, "degraded");
    }

    @Override
    public Health health() {
        return HealthReports.toHealth(check.check(), degraded);
    }
}
