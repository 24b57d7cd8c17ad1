/**
 * JMH measurements of what error-alert costs the caller's thread: a healthy call to an annotated bean, and one thrown
 * exception, each beside the same work without error-alert and, for the exception, beside the alternatives a user
 * would otherwise pick (Sentry's SDK, a synchronous Redis round trip per exception).
 */
@NullMarked
package dev.erroralert.benchmarks.jmh;

import org.jspecify.annotations.NullMarked;
