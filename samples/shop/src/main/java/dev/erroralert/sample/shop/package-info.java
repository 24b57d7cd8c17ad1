/**
 * A small shop that fails on purpose, to show error-alert at work.
 */
@NullMarked
package dev.erroralert.sample.shop;

import org.jspecify.annotations.NullMarked;
