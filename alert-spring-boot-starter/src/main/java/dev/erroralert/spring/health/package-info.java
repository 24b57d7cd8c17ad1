/**
 * The {@code errorAlert} health contributor: each store of the chain, and delivery to each destination.
 */
@NullMarked
package dev.erroralert.spring.health;

import org.jspecify.annotations.NullMarked;
