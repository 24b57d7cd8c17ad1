/**
 * Micrometer meters of error-alert, under {@code error.alert}: what the pipeline captured and judged, how the stores
 * of the chain stand, and what delivery did. Tag values are bounded: never a fingerprint, a message or exception text.
 */
@NullMarked
package dev.erroralert.spring.metrics;

import org.jspecify.annotations.NullMarked;
