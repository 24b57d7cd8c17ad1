package dev.erroralert.spring.capture.web;

import java.util.function.IntPredicate;

import dev.erroralert.event.RequestInfo;
import dev.erroralert.spring.capture.ErrorReporter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.ModelAndView;

/**
 * Sits in Spring MVC's resolver chain right after the application's {@code @ExceptionHandler}s and
 * {@code @ControllerAdvice}s: what reaches it, the application did not handle. Reports it when the status the
 * response will end with is alerted (5xx by default; a {@code ResponseStatusException(NOT_FOUND)} is not), and
 * resolves nothing, so the response is exactly what it was without error-alert. Covers handler interceptors too:
 * their exceptions pass through the same chain. Not while the container renders an error page: what fails then (an
 * interceptor failing again on the same bad parameter) follows from the failure already reported.
 */
public final class UnhandledMvcExceptionResolver implements HandlerExceptionResolver {

    private final ErrorReporter reporter;
    private final IntPredicate alertedStatus;
    private final WebCaptureSites sites = new WebCaptureSites();

    /** @param alertedStatus whether a response ending with a status is alerted */
    public UnhandledMvcExceptionResolver(ErrorReporter reporter, IntPredicate alertedStatus) {
        this.reporter = reporter;
        this.alertedStatus = alertedStatus;
    }

    @Override
    public @Nullable ModelAndView resolveException(HttpServletRequest request, HttpServletResponse response,
            @Nullable Object handler, Exception ex) {
        try {
            if (request.getDispatcherType() == DispatcherType.ERROR) {
                reporter.alreadyAccountedFor(ex);
            }
            else {
                int status = WebCaptureSites.statusOf(ex);
                if (alertedStatus.test(status)) {
                    RequestInfo info = WebCaptureSites.requestOf(request, status);
                    reporter.report(ex, sites.siteOf(handler, info.method(), info.route()), info);
                }
            }
        }
        catch (Throwable ignored) {
            // Alerting must never change the response.
        }
        return null;
    }
}
