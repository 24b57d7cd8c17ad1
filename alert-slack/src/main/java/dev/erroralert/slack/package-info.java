/**
 * Delivery to Slack: an incoming-webhook notifier and the escaped, bounded Block Kit message an alert becomes.
 */
@NullMarked
package dev.erroralert.slack;

import org.jspecify.annotations.NullMarked;
