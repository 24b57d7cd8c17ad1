/**
 * Ties the stages together and produces every alert: hand-off from the caller, local aggregation, decision and the
 * alert it makes, then delivery; on the housekeeping thread, the quiet summaries and reminders made from what the
 * stores kept.
 */
@NullMarked
package dev.erroralert.pipeline;

import org.jspecify.annotations.NullMarked;
