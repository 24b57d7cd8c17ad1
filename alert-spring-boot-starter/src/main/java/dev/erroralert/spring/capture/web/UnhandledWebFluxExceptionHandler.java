package dev.erroralert.spring.capture.web;

import java.util.function.IntPredicate;

import dev.erroralert.event.RequestInfo;
import dev.erroralert.spring.capture.ErrorReporter;
import org.springframework.core.Ordered;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;

/**
 * Sees what a WebFlux request fails with after the application's {@code @ExceptionHandler}s (which handle inside the
 * dispatcher) had their chance, just before Spring Boot's error handler renders it; reports it when its status is
 * alerted and passes it on unchanged, so the response is what it was without error-alert.
 */
public final class UnhandledWebFluxExceptionHandler implements WebExceptionHandler, Ordered {

    /** Before Spring Boot's error handler (-1), which ends the chain by rendering the error. */
    public static final int ORDER = -2;

    private final ErrorReporter reporter;
    private final IntPredicate alertedStatus;
    private final WebCaptureSites sites = new WebCaptureSites();

    /** @param alertedStatus whether a response ending with a status is alerted */
    public UnhandledWebFluxExceptionHandler(ErrorReporter reporter, IntPredicate alertedStatus) {
        this.reporter = reporter;
        this.alertedStatus = alertedStatus;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
        try {
            int status = WebCaptureSites.statusOf(ex);
            if (alertedStatus.test(status)) {
                Object pattern = exchange.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
                RequestInfo request = new RequestInfo(exchange.getRequest().getMethod().name(),
                        pattern != null ? pattern.toString() : null, status);
                reporter.report(ex, sites.siteOf(exchange.getAttribute(HandlerMapping.BEST_MATCHING_HANDLER_ATTRIBUTE),
                        request.method(), request.route()), request);
            }
        }
        catch (Throwable ignored) {
            // Alerting must never change the response.
        }
        return Mono.error(ex);
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
