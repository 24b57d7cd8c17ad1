/**
 * What the caller records when an annotated method throws: the exception and where it was captured.
 */
@NullMarked
package dev.erroralert.event;

import org.jspecify.annotations.NullMarked;
