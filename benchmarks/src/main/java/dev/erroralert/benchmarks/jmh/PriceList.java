package dev.erroralert.benchmarks.jmh;

import dev.erroralert.spring.AlertOnError;

/**
 * The bean of the healthy path: a method that never throws and returns a value computed from its argument, so the
 * call cannot be folded away. Annotated, but only a context with error-alert's auto-configuration advises it: as a
 * plain object or behind a proxy of its own, it is the same class without the advice.
 */
@AlertOnError
public class PriceList {

    /** The price of an order in cents, made up from its id. */
    public long priceOf(long orderId) {
        return orderId * 31 + 7;
    }
}
