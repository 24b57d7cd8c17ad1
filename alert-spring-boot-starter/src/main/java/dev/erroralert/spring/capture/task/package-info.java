/**
 * Capture of failing {@code @Async} and {@code @Scheduled} methods: advisors that put the same advice as the
 * annotation's around them, so the application's own error handlers still get every exception.
 */
@NullMarked
package dev.erroralert.spring.capture.task;

import org.jspecify.annotations.NullMarked;
