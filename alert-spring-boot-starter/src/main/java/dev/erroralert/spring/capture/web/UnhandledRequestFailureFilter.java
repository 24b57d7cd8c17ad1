package dev.erroralert.spring.capture.web;

import java.io.IOException;
import java.util.function.IntPredicate;

import dev.erroralert.event.RequestInfo;
import dev.erroralert.spring.capture.ErrorReporter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Catches what escapes Spring MVC's resolvers altogether — view rendering, filters after this one, the dispatcher
 * itself — reports it and rethrows it unchanged: the servlet container makes it a 500. An exception the resolver
 * reported already (it also escapes, wrapped) is not reported again.
 */
public final class UnhandledRequestFailureFilter extends OncePerRequestFilter implements Ordered {

    /** Outside the other filters (only character encoding comes first), so their failures are seen too. */
    public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 1;

    private final ErrorReporter reporter;
    private final IntPredicate alertedStatus;
    private final WebCaptureSites sites = new WebCaptureSites();

    /** @param alertedStatus whether a response ending with a status is alerted */
    public UnhandledRequestFailureFilter(ErrorReporter reporter, IntPredicate alertedStatus) {
        this.reporter = reporter;
        this.alertedStatus = alertedStatus;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(request, response);
        }
        catch (ServletException | IOException | RuntimeException | Error ex) {
            report(ex, request);
            throw ex;
        }
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    private void report(Throwable error, HttpServletRequest request) {
        try {
            // The dispatcher wraps what it cannot rethrow as it is: the alert is about what the application threw.
            Throwable failure = error;
            while (failure instanceof ServletException && failure.getCause() != null
                    && failure.getCause() != failure) {
                failure = failure.getCause();
            }
            int status = WebCaptureSites.statusOf(failure);
            if (!alertedStatus.test(status)) {
                return;
            }
            RequestInfo info = WebCaptureSites.requestOf(request, status);
            reporter.report(failure, sites.siteOf(request.getAttribute(HandlerMapping.BEST_MATCHING_HANDLER_ATTRIBUTE),
                    info.method(), info.route()), info);
        }
        catch (Throwable ignored) {
            // Alerting must never change what the container sees.
        }
    }
}
