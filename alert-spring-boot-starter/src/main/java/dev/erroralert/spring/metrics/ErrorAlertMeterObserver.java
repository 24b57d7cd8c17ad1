package dev.erroralert.spring.metrics;

import java.time.Duration;

import dev.erroralert.delivery.DeliveryObserver;
import dev.erroralert.pipeline.DecisionObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;

/**
 * The meters counted as things happen: each judgement of the decision chain (decisions, occurrences judged, their
 * duration) and each step of delivery (deliveries by result, and the time from capture to delivery). It is given to
 * the pipeline and to delivery as their observer; a meter appears with its first event.
 */
public class ErrorAlertMeterObserver implements DecisionObserver, DeliveryObserver {

    private final MeterRegistry registry;
    private final @Nullable ExceptionTypeTags exceptionTypes;

    /**
     * Meters in {@code registry}.
     *
     * @param registry where the meters are registered
     * @param exceptionTypeTag whether decisions are also tagged with the exception's class name (at most
     *     {@link ErrorAlertMeters#MAX_EXCEPTION_TYPES} of them, the rest {@link ErrorAlertMeters#OTHER})
     */
    public ErrorAlertMeterObserver(MeterRegistry registry, boolean exceptionTypeTag) {
        this.registry = registry;
        this.exceptionTypes = exceptionTypeTag ? new ExceptionTypeTags(ErrorAlertMeters.MAX_EXCEPTION_TYPES) : null;
    }

    @Override
    public void observe(Judgement judgement) {
        Tags tags = Tags.of(ErrorAlertMeters.STORE, judgement.store(), ErrorAlertMeters.OUTCOME,
                judgement.outcome().value());
        if (exceptionTypes != null) {
            tags = tags.and(ErrorAlertMeters.EXCEPTION, exceptionTypes.valueOf(judgement.exceptionType()));
        }
        Counter.builder(ErrorAlertMeters.DECISIONS)
                .description("Judgements of the decision chain, one per error per flush; outcome=sent counts the alerts "
                        + "handed to delivery")
                .baseUnit("decisions")
                .tags(tags)
                .register(registry)
                .increment();
        Counter.builder(ErrorAlertMeters.OCCURRENCES_JUDGED)
                .description("Occurrences judged by the decision chain; outcome=suppressed counts those not alerted")
                .baseUnit("occurrences")
                .tags(tags)
                .register(registry)
                .increment(judgement.occurrences());
        Timer.builder(ErrorAlertMeters.DECISION_DURATION)
                .description("Time the decision chain took to judge an error, fall-throughs to later links included")
                .tag(ErrorAlertMeters.STORE, judgement.store())
                .register(registry)
                .record(judgement.took());
    }

    @Override
    public void observe(Event event) {
        String reason = event.reason() == null ? ErrorAlertMeters.NONE : event.reason();
        Counter.builder(ErrorAlertMeters.DELIVERIES)
                .description("Alerts by what happened to their message: delivered, retried, rate-limited, parked, "
                        + "redelivered or dropped (with the reason)")
                .baseUnit("alerts")
                .tags(ErrorAlertMeters.DESTINATION, event.destination(), ErrorAlertMeters.RESULT,
                        event.result().value(), ErrorAlertMeters.REASON, reason)
                .register(registry)
                .increment(event.alerts());
        if (!event.sinceCapture().isEmpty()) {
            Timer latency = Timer.builder(ErrorAlertMeters.DELIVERY_LATENCY)
                    .description("Time from an alert's capture to its delivery, per alert of each fresh message")
                    .tag(ErrorAlertMeters.DESTINATION, event.destination())
                    .register(registry);
            for (Duration sinceCapture : event.sinceCapture()) {
                latency.record(sinceCapture);
            }
        }
    }
}
