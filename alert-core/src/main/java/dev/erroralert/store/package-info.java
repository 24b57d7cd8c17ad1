/**
 * Deduplication state shared by a fleet, and the chain that falls from one store to the next; the port of the chat
 * threads kept beside it ({@link dev.erroralert.store.ThreadStore}), asked through the same chain
 * ({@link dev.erroralert.store.ChainThreads}).
 */
@NullMarked
package dev.erroralert.store;

import org.jspecify.annotations.NullMarked;
