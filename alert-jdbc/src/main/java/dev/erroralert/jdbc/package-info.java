/**
 * The deduplication store on a relational database: the application's own {@code DataSource}, one atomic
 * statement per decision, a schema script per dialect.
 */
@NullMarked
package dev.erroralert.jdbc;

import org.jspecify.annotations.NullMarked;
