/**
 * The deduplication store, the error history, the mutes and the outbox on a relational database: the application's
 * own {@code DataSource}, one atomic statement per decision, chat threads and quiet episodes beside the state, history
 * batches applied exactly once, parked messages redelivered under a lease, schema scripts per dialect.
 */
@NullMarked
package dev.erroralert.jdbc;

import org.jspecify.annotations.NullMarked;
