/**
 * The interception of {@link dev.erroralert.spring.AlertOnError} beans: a pointcut, and advice that records and
 * rethrows.
 */
@NullMarked
package dev.erroralert.spring.aop;

import org.jspecify.annotations.NullMarked;
