package dev.erroralert.jdbc;

/**
 * When the store creates its table itself, as Spring Session and Spring Batch do: on its first use, so an
 * unreachable database never holds up a start-up, and again on later uses until it succeeded.
 */
public enum SchemaInitialization {

    /** Only in an embedded database (H2), where nobody else would create it. */
    EMBEDDED,

    /** In every database. */
    ALWAYS,

    /** Never: the table comes from the application's own migrations ({@link JdbcSchema#script}). */
    NEVER;

    /** Whether the table is to be created in a database of {@code dialect}. */
    public boolean appliesTo(JdbcDialect dialect) {
        return this == ALWAYS || (this == EMBEDDED && dialect.isEmbedded());
    }
}
