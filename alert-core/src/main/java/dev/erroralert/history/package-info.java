/**
 * The error history: exact totals per fingerprint, moved from the live stores into a database by a scheduled
 * write-back, and the "quiet" summary sent when a suppressed error stops.
 */
@NullMarked
package dev.erroralert.history;

import org.jspecify.annotations.NullMarked;
