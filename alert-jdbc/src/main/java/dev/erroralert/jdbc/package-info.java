/**
 * The deduplication store and the outbox on a relational database: the application's own {@code DataSource}, one
 * atomic step per decision, chat threads beside the state, parked messages redelivered under a lease, schema
 * scripts per dialect.
 */
@NullMarked
package dev.erroralert.jdbc;

import org.jspecify.annotations.NullMarked;
