package dev.erroralert.spring.autoconfigure;

import java.util.List;

import dev.erroralert.store.DedupStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;

/**
 * Says once the application is up which stores cannot be reached, so an operator learns it at start-up rather than at
 * the first error. It probes in the background: start-up never waits for a store, and an unreachable one is a warning,
 * never a failure; alerts take the next link of the chain meanwhile.
 */
class StoreStartupCheck implements ApplicationListener<ApplicationReadyEvent> {

    private static final Logger logger = LoggerFactory.getLogger(StoreStartupCheck.class);

    private final List<DedupStore> stores;

    StoreStartupCheck(List<DedupStore> stores) {
        this.stores = List.copyOf(stores);
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        if (stores.isEmpty()) {
            return;
        }
        Thread thread = new Thread(this::probeAll, "error-alert-startup-check");
        thread.setDaemon(true);
        thread.start();
    }

    void probeAll() {
        for (DedupStore store : stores) {
            try {
                store.probe();
                logger.info("error-alert: the {} store is reachable", store.name());
            }
            catch (Throwable ex) {
                logger.warn("error-alert: the {} store is unreachable at start-up ({}); alerts take the next link of "
                        + "the chain until it answers", store.name(), ex.toString());
            }
        }
    }
}
