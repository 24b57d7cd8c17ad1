package dev.erroralert.jdbc;

import java.util.function.Supplier;

import javax.sql.DataSource;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.DefaultTransactionDefinition;

/**
 * Runs each piece of work in a short transaction of its own on one {@link DataSource}.
 * <p>
 * Without one, a write on a pool whose connections do not auto-commit (Hikari with {@code auto-commit=false}, as is
 * common next to JPA) is rolled back when its connection returns to the pool. Always a new transaction: the write
 * must hold whatever becomes of one the calling thread may have open. The manager turns a failed commit into a
 * {@link org.springframework.dao.DataAccessException}, as the stores promise for every database failure.
 */
final class OwnTransactions {

    private static final TransactionDefinition OWN_TRANSACTION = new DefaultTransactionDefinition(
            TransactionDefinition.PROPAGATION_REQUIRES_NEW);

    private final PlatformTransactionManager transactions;

    OwnTransactions(DataSource dataSource) {
        this.transactions = new JdbcTransactionManager(dataSource);
    }

    /** Run {@code work} in a new transaction, committed when it returns and rolled back when it throws. */
    <T> T run(Supplier<T> work) {
        // Not a TransactionTemplate: when the connection is dead its rollback fails too, and the template would log
        // that at error level and throw it in place of the statement's own failure, once per call of an outage.
        TransactionStatus transaction;
        try {
            transaction = transactions.getTransaction(OWN_TRANSACTION);
        }
        catch (CannotCreateTransactionException ex) {
            // Said as JdbcTemplate says it, so that a missing connection is a DataAccessException here too.
            throw new DataAccessResourceFailureException("Failed to obtain a JDBC connection", ex);
        }
        T result;
        try {
            result = work.get();
        }
        catch (RuntimeException | Error ex) {
            try {
                transactions.rollback(transaction);
            }
            catch (RuntimeException rollbackFailure) {
                ex.addSuppressed(rollbackFailure);
            }
            throw ex;
        }
        transactions.commit(transaction);
        return result;
    }
}
