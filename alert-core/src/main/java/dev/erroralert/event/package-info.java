/**
 * What a capture point records when a failure reaches it (an annotated method, a web request, a scheduled or
 * asynchronous task): the exception read once, where it was captured, the request and the context.
 */
@NullMarked
package dev.erroralert.event;

import org.jspecify.annotations.NullMarked;
