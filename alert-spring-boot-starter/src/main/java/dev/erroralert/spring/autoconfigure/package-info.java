/**
 * Auto-configuration of error-alert: one configuration per concern, each bean replaceable.
 */
@NullMarked
package dev.erroralert.spring.autoconfigure;

import org.jspecify.annotations.NullMarked;
