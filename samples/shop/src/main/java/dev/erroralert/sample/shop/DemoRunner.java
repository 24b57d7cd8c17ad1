package dev.erroralert.sample.shop;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Locale;

import dev.erroralert.history.HistoryEntry;
import dev.erroralert.history.HistoryStore;
import dev.erroralert.history.WriteBack;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The sample's main job: at start-up it makes each service fail once, then fires a burst of one failure, and prints
 * how many errors were thrown and how many alerts went out. Then the shop keeps serving, for more by hand.
 */
@Component
@ConditionalOnProperty(name = "sample.demo.enabled", havingValue = "true", matchIfMissing = true)
public class DemoRunner implements ApplicationRunner {

    private static final Logger logger = LoggerFactory.getLogger(DemoRunner.class);

    private final ShopController shop;
    private final Restocker restocker;
    private final Burst burst;
    private final Environment environment;
    private final ObjectProvider<WriteBack> writeBack;
    private final ObjectProvider<HistoryStore> history;

    public DemoRunner(ShopController shop, Restocker restocker, Burst burst, Environment environment,
            ObjectProvider<WriteBack> writeBack, ObjectProvider<HistoryStore> history) {
        this.shop = shop;
        this.restocker = restocker;
        this.burst = burst;
        this.environment = environment;
        this.writeBack = writeBack;
        this.history = history;
    }

    @Override
    public void run(ApplicationArguments args) {
        logger.info("Demo: three different failures, then a burst of 1,000 of one failure");
        failOnce(() -> shop.order(42));
        failOnce(() -> shop.pay(42, 1999));
        failOnce(() -> shop.stock("unicorn"));
        String port = environment.getProperty("local.server.port", environment.getProperty("server.port", "8080"));
        logger.info("Demo: failures through no annotated bean — an unannotated controller's 500, a logged error, "
                + "and (in a few seconds) a failing @Scheduled job");
        requestFailingReceipt(port);
        restocker.restock("unicorn");
        Burst.Report report = burst.fire(1_000);
        logger.info("Demo burst: {}. Each distinct error alerts at most 6 times until it goes quiet.", report);
        showHistory();
        logger.info("Try more by hand: curl -X POST 'localhost:{}/burst?count=5000', curl localhost:{}/orders/7, "
                + "curl localhost:{}/receipts/7, and the history and mutes: curl localhost:{}/actuator/erroralerts",
                port, port, port, port);
    }

    /** Writes back now rather than at the next interval, and shows what the history holds. */
    private void showHistory() {
        WriteBack sync = writeBack.getIfAvailable();
        HistoryStore store = history.getIfAvailable();
        if (sync == null || store == null) {
            return;
        }
        sync.syncNow();
        for (HistoryEntry row : store.top(5, 0)) {
            logger.info("History: {} at {} — {} occurrences, {} alerts sent, {} not alerted, last {} [{}]",
                    row.details() == null ? "?" : row.details().exceptionType(),
                    row.details() == null ? "?" : row.details().location(),
                    String.format(Locale.ROOT, "%,d", row.totalCount()), row.alertsSent(), row.suppressedCount(),
                    Instant.ofEpochMilli(row.lastSeenMillis()), row.fingerprint().shortId());
        }
    }

    /** A real request, so the failure goes the way of any request's: through Spring MVC to a 500. */
    private static void requestFailingReceipt(String port) {
        try {
            HttpResponse<Void> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/receipts/7")).build(),
                    HttpResponse.BodyHandlers.discarding());
            logger.info("GET /receipts/7 answered {}", response.statusCode());
        }
        catch (IOException ex) {
            logger.info("GET /receipts/7 could not be sent: {}", ex.toString());
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    private static void failOnce(Runnable call) {
        try {
            call.run();
        }
        catch (RuntimeException expected) {
            // Failing is the point; the alert is on its way.
        }
    }
}
