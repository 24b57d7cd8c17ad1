/**
 * Getting alerts out: destinations (a webhook, a channel), each with its own lane that paces, retries, coalesces
 * and, when the destination stays down, parks messages in an outbox for later.
 */
@NullMarked
package dev.erroralert.delivery;

import org.jspecify.annotations.NullMarked;
