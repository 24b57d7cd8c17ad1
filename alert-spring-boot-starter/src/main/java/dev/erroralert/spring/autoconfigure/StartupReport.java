package dev.erroralert.spring.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.erroralert.delivery.Destination;
import dev.erroralert.delivery.LogDestination;
import dev.erroralert.store.DecisionChain;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * One INFO line once the application's beans are ready: where alerts go (a Slack destination as its masked
 * {@code toString}, which never shows a webhook's path or a token), which stores decide in which order, and whether a
 * history is kept. What a newcomer wants to know first, and what an operator greps for.
 */
final class StartupReport implements SmartInitializingSingleton {

    private static final Logger logger = LoggerFactory.getLogger(StartupReport.class);

    private final Destination destination;
    private final Map<String, Destination> routes;
    private final DecisionChain chain;
    private final boolean directGuard;
    private final boolean history;

    StartupReport(Destination destination, Map<String, Destination> routes, DecisionChain chain, boolean directGuard,
            boolean history) {
        this.destination = destination;
        this.routes = routes;
        this.chain = chain;
        this.directGuard = directGuard;
        this.history = history;
    }

    @Override
    public void afterSingletonsInstantiated() {
        logger.info("{}", line());
    }

    String line() {
        String where = (destination instanceof LogDestination)
                ? "the application log (set error-alert.slack.webhook-url or bot-token for Slack)"
                : destination.toString();
        List<String> deciders = new ArrayList<>();
        chain.storeStates().forEach((store) -> deciders.add(store.store()));
        deciders.add(directGuard ? "this instance's memory" : "none (every occurrence is sent)");
        return "error-alert: alerts go to " + where + (routes.isEmpty() ? "" : ", routes " + routes.keySet())
                + "; decided by " + String.join(", then ", deciders) + "; "
                + (history ? "history kept in the database" : "no history (needs a DataSource)");
    }
}
