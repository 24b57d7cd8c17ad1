package dev.erroralert.spring.capture.web;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import dev.erroralert.event.CaptureSite;
import dev.erroralert.event.RequestInfo;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Where a web request failed, as people name it: the controller method that handled it ({@code
 * OwnerController#showOwner}), else the route ({@code GET /owners/{ownerId}}), never the raw path, whose ids would
 * make every request a problem of its own. Sites are built once per handler or route.
 */
final class WebCaptureSites {

    /** Bounds the routes remembered; a route is only the matched pattern, so this is rarely reached. */
    private static final int MAX_SITES = 4096;

    private static final String UNMAPPED = "(no route)";

    private final Map<Object, CaptureSite> sites = new ConcurrentHashMap<>();

    /** @param handler the request's handler, if one was found; @param pattern the matched route pattern, if any */
    CaptureSite siteOf(@Nullable Object handler, String httpMethod, @Nullable String pattern) {
        if (handler instanceof HandlerMethod method) {
            return cached(method.getMethod(), () -> CaptureSite.of(
                    ClassUtils.getUserClass(method.getBeanType()).getName(), method.getMethod().getName()));
        }
        String route = httpMethod + " " + (pattern != null ? pattern : UNMAPPED);
        if (handler != null) {
            return cached(route, () -> CaptureSite.of(ClassUtils.getUserClass(handler).getName(), route));
        }
        return cached(route, () -> CaptureSite.of("route", route));
    }

    private CaptureSite cached(Object key, Supplier<CaptureSite> site) {
        CaptureSite known = sites.get(key);
        if (known != null) {
            return known;
        }
        CaptureSite built = site.get();
        if (sites.size() < MAX_SITES) {
            sites.putIfAbsent(key, built);
        }
        return built;
    }

    /** The request's method and matched route template (never its raw path), with {@code status} if known, or 0. */
    static RequestInfo requestOf(HttpServletRequest request, int status) {
        Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
        return new RequestInfo(request.getMethod(), pattern != null ? pattern.toString() : null, status);
    }

    /**
     * The status Spring gives an exception that declares one ({@link ErrorResponse}, {@link ResponseStatus}, here or
     * on a cause), else 500: what the response ends with when no handler of the application's took it.
     */
    static int statusOf(Throwable error) {
        Throwable current = error;
        for (int i = 0; current != null && i < 8; i++) {
            if (current instanceof ErrorResponse response) {
                return response.getStatusCode().value();
            }
            ResponseStatus declared = AnnotatedElementUtils.findMergedAnnotation(current.getClass(),
                    ResponseStatus.class);
            if (declared != null) {
                return declared.code().value();
            }
            current = current.getCause() == current ? null : current.getCause();
        }
        return 500;
    }
}
