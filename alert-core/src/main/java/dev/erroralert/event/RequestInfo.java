package dev.erroralert.event;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * The web request an occurrence happened in, as the on-call names it: the HTTP method, the route template
 * ({@code /owners/{ownerId}}, never the raw path, whose ids and tokens would be noise or secrets) and the response
 * status when the capture point knows it. Read on the caller's thread, where the request is; bounded, since a client
 * chooses the method.
 *
 * @param method the HTTP method, at most {@value #MAX_METHOD_LENGTH} characters
 * @param route the matched route template, or {@code null} when no handler matched; at most
 *        {@value #MAX_ROUTE_LENGTH} characters
 * @param status the response status, or {@code 0} when not known at capture (a failure seen inside the handler)
 */
public record RequestInfo(String method, @Nullable String route, int status) {

    /** Methods are short words; anything longer was made up by a client. */
    public static final int MAX_METHOD_LENGTH = 16;

    /** Route templates are written by the application; this only bounds an unusual one. */
    public static final int MAX_ROUTE_LENGTH = 200;

    public RequestInfo {
        Objects.requireNonNull(method, "method");
        method = method.length() > MAX_METHOD_LENGTH ? method.substring(0, MAX_METHOD_LENGTH) : method;
        if (route != null && route.length() > MAX_ROUTE_LENGTH) {
            route = route.substring(0, MAX_ROUTE_LENGTH);
        }
        status = status >= 100 && status <= 599 ? status : 0;
    }

    /** "GET /owners/{ownerId} → 500", "POST (no route)", without the status when it is not known. */
    public String describe() {
        String described = method + " " + (route == null ? "(no route)" : route);
        return status == 0 ? described : described + " → " + status;
    }
}
