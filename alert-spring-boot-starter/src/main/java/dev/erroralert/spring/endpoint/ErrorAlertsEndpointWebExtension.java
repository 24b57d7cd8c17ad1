package dev.erroralert.spring.endpoint;

import java.util.Objects;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;

/**
 * The {@code erroralerts} endpoint over HTTP: a refused parameter is a 400 whose body names it. Spring Boot would
 * answer 400 too, but with the reason only in the error page's message, which applications hide by default
 * ({@code server.error.include-message=never}). A mute that no store could take is a 503: it holds nowhere; so is
 * an unmute that a store could not take, since that store keeps the mute in force.
 */
@EndpointWebExtension(endpoint = ErrorAlertsEndpoint.class)
public class ErrorAlertsEndpointWebExtension {

    private final ErrorAlertsEndpoint endpoint;

    public ErrorAlertsEndpointWebExtension(ErrorAlertsEndpoint endpoint) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
    }

    /** See {@link ErrorAlertsEndpoint#errors(String)}. */
    @ReadOperation
    public WebEndpointResponse<Object> errors(@Nullable String limit) {
        return respond(() -> endpoint.errors(limit));
    }

    /** See {@link ErrorAlertsEndpoint#error(String)}. */
    @ReadOperation
    public WebEndpointResponse<Object> error(@Selector String fingerprint) {
        return respond(() -> endpoint.error(fingerprint));
    }

    /** See {@link ErrorAlertsEndpoint#mute(String, String, String)}. */
    @WriteOperation
    public WebEndpointResponse<Object> mute(@Nullable String target, @Nullable String until,
            @Nullable String duration) {
        WebEndpointResponse<Object> response = respond(() -> endpoint.mute(target, until, duration));
        if (response.getBody() instanceof ErrorAlertsEndpoint.MutedDescriptor muted && tookNowhere(muted)) {
            return new WebEndpointResponse<>(muted, WebEndpointResponse.STATUS_SERVICE_UNAVAILABLE);
        }
        return response;
    }

    /** See {@link ErrorAlertsEndpoint#unmute(String)}. */
    @DeleteOperation
    public WebEndpointResponse<Object> unmute(@Nullable String target) {
        WebEndpointResponse<Object> response = respond(() -> endpoint.unmute(target));
        // A store that kept the mute keeps it in force on every instance reading it: the unmute did not take.
        if (response.getBody() instanceof ErrorAlertsEndpoint.UnmutedDescriptor unmuted
                && !unmuted.failedStores().isEmpty()) {
            return new WebEndpointResponse<>(unmuted, WebEndpointResponse.STATUS_SERVICE_UNAVAILABLE);
        }
        return response;
    }

    private static boolean tookNowhere(ErrorAlertsEndpoint.MutedDescriptor muted) {
        return muted.stores().isEmpty() && !muted.failedStores().isEmpty();
    }

    private static WebEndpointResponse<Object> respond(Supplier<@Nullable Object> operation) {
        try {
            Object body = operation.get();
            return (body != null) ? new WebEndpointResponse<>(body)
                    : new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND);
        }
        catch (InvalidParameterException ex) {
            return new WebEndpointResponse<>(new BadRequestDescriptor(WebEndpointResponse.STATUS_BAD_REQUEST,
                    "Bad Request", ex.getParameter(), ex.getReason()), WebEndpointResponse.STATUS_BAD_REQUEST);
        }
    }

    /**
     * The body of a 400.
     *
     * @param status 400
     * @param error {@code Bad Request}
     * @param parameter the parameter refused
     * @param message what is wrong with it, naming it (Spring's exception may carry none)
     */
    public record BadRequestDescriptor(int status, String error, String parameter, @Nullable String message)
            implements OperationResponseBody {
    }
}
