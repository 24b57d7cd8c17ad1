/**
 * Capture of ERROR log events that carry an exception (opt-in): a Logback or a Log4j2 appender, whichever is the
 * logging backend, attached while the application runs.
 */
@NullMarked
package dev.erroralert.spring.capture.logging;

import org.jspecify.annotations.NullMarked;
