package dev.erroralert.spring.metrics;

import java.util.HashSet;
import java.util.Set;

/**
 * Exception class names as tag values, at most {@link ErrorAlertMeters#MAX_EXCEPTION_TYPES} of them: the first ones
 * seen keep their name, every later one is {@link ErrorAlertMeters#OTHER}, so a stream of generated or proxied
 * exception classes cannot grow the number of time series without bound.
 */
final class ExceptionTypeTags {

    private final int max;
    private final Set<String> named = new HashSet<>();

    ExceptionTypeTags(int max) {
        this.max = max;
    }

    synchronized String valueOf(String exceptionType) {
        if (named.contains(exceptionType)) {
            return exceptionType;
        }
        if (named.size() < max) {
            named.add(exceptionType);
            return exceptionType;
        }
        return ErrorAlertMeters.OTHER;
    }
}
