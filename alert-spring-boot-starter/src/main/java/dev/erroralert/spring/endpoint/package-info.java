/**
 * The {@code erroralerts} actuator endpoint: recent and top errors from the history, with live counts, and the
 * mutes, set and lifted through it.
 */
@NullMarked
package dev.erroralert.spring.endpoint;

import org.jspecify.annotations.NullMarked;
