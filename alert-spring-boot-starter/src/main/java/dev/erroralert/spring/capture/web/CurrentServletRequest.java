package dev.erroralert.spring.capture.web;

import java.util.function.Supplier;

import dev.erroralert.event.RequestInfo;
import org.jspecify.annotations.Nullable;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The web request a failure inside a handler (an {@code @AlertOnError} service a controller called) happened in: its
 * method and matched route template, read from the request bound to the capturing thread. The status is not known yet
 * there. Never the raw path or a header: the template names the endpoint without the ids or tokens in the path.
 */
public final class CurrentServletRequest implements Supplier<@Nullable RequestInfo> {

    @Override
    public @Nullable RequestInfo get() {
        RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
        if (attributes instanceof ServletRequestAttributes servlet) {
            return WebCaptureSites.requestOf(servlet.getRequest(), 0);
        }
        return null;
    }
}
