/**
 * What an alert carries and the port that delivers it.
 */
@NullMarked
package dev.erroralert.notify;

import org.jspecify.annotations.NullMarked;
