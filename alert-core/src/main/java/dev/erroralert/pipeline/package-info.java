/**
 * Ties the stages together: hand-off from the caller, local aggregation, decision, delivery.
 */
@NullMarked
package dev.erroralert.pipeline;

import org.jspecify.annotations.NullMarked;
