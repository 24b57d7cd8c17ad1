/**
 * What an alert carries: the error as shown (masked, bounded), where it came from, the links the on-call follows,
 * and the masking applied to anything written by whoever threw. Delivering it is {@link dev.erroralert.delivery}'s.
 */
@NullMarked
package dev.erroralert.notify;

import org.jspecify.annotations.NullMarked;
