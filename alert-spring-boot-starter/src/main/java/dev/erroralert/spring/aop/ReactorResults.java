package dev.erroralert.spring.aop;

import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Reactor's deferred results: a {@code Mono} or {@code Flux} fails when it is subscribed to and runs, not when the
 * method returns it. Only loaded when Reactor is on the classpath.
 */
final class ReactorResults {

    private ReactorResults() {
    }

    static boolean isReactive(@Nullable Object result) {
        return result instanceof Mono<?> || result instanceof Flux<?>;
    }

    /** The same publisher, of the same type, telling {@code onError} of the error it terminates with. */
    static Object reportingErrors(Object result, Consumer<Throwable> onError) {
        if (result instanceof Mono<?> mono) {
            return mono.doOnError(onError);
        }
        return ((Flux<?>) result).doOnError(onError);
    }
}
