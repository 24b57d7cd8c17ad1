/**
 * Turns an exception into a stable identity, so that repeats of one problem are counted together.
 */
@NullMarked
package dev.erroralert.fingerprint;

import org.jspecify.annotations.NullMarked;
