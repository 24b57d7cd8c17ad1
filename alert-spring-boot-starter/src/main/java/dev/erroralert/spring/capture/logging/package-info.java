/**
 * Capture of ERROR log events that carry an exception (opt-in): a Logback appender, attached while the application
 * runs.
 */
@NullMarked
package dev.erroralert.spring.capture.logging;

import org.jspecify.annotations.NullMarked;
