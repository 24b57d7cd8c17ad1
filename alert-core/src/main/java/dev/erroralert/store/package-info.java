/**
 * Deduplication state shared by a fleet, and the chain that falls from one store to the next.
 */
@NullMarked
package dev.erroralert.store;

import org.jspecify.annotations.NullMarked;
