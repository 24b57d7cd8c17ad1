/**
 * The ways an exception reaches the pipeline besides the annotation (unhandled web failures, {@code @Async} and
 * {@code @Scheduled} methods, ERROR log events, uncaught thread exceptions), all through one {@link
 * dev.erroralert.spring.capture.ErrorReporter} that reports each exception once.
 */
@NullMarked
package dev.erroralert.spring.capture;

import org.jspecify.annotations.NullMarked;
