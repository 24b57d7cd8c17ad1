/**
 * The error history: exact totals per fingerprint, moved from the live stores into a database by a scheduled
 * write-back, and what the stores keep of each episode for the "quiet" summary and the reminders. The alerts made
 * from them are produced where every alert is, in {@link dev.erroralert.pipeline}.
 */
@NullMarked
package dev.erroralert.history;

import org.jspecify.annotations.NullMarked;
