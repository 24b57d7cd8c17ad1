/**
 * Delivery to Slack: the destinations (an incoming webhook; a bot posting to a channel, with a thread per error) and
 * the escaped, bounded Block Kit message alerts become, one alone or several as a digest.
 */
@NullMarked
package dev.erroralert.slack;

import org.jspecify.annotations.NullMarked;
