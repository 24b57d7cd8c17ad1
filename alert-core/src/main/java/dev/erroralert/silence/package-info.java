/**
 * Silences: a fingerprint or an exception type muted until a given time, shared by every instance through the stores.
 */
@NullMarked
package dev.erroralert.silence;

import org.jspecify.annotations.NullMarked;
