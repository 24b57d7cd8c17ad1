package dev.erroralert.benchmarks.load;

import dev.erroralert.spring.AlertOnError;

/**
 * The application's annotated bean: each method fails, as a user's service would, with a message naming what failed.
 * The driver calls it through its Spring proxy, so every exception goes through the advice like a user's.
 */
@AlertOnError
public class FailingService {

    /** The storm's call: one of a fixed set of merchants, each its own error. */
    public void settle(String merchant) {
        throw new SettlementDeclined("Settlement declined by the acquirer for merchant " + merchant);
    }

    /** The latency run's call: a new error each time (a word no earlier call used). */
    public void quote(String product) {
        throw new QuoteUnavailable("No quote available for product " + product);
    }

    /** The fallback run's call: a new error each time, of its own type so its judgements can be told apart. */
    public void reconcile(String ledger) {
        throw new LedgerMismatch("Ledger does not reconcile for account " + ledger);
    }

    /** Thrown by {@link #settle}. */
    public static final class SettlementDeclined extends RuntimeException {

        SettlementDeclined(String message) {
            super(message);
        }
    }

    /** Thrown by {@link #quote}. */
    public static final class QuoteUnavailable extends RuntimeException {

        QuoteUnavailable(String message) {
            super(message);
        }
    }

    /** Thrown by {@link #reconcile}. */
    public static final class LedgerMismatch extends RuntimeException {

        LedgerMismatch(String message) {
            super(message);
        }
    }
}
