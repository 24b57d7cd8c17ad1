package dev.erroralert.jdbc;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.sql.DataSource;

import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * A DataSource that notes the SQL of every statement prepared on its connections, to tell which statements ran, and
 * can fail one of them as a database failing half-way would.
 */
final class StatementRecordingDataSource extends DelegatingDataSource {

    /** The SQL prepared so far, in order. */
    final List<String> statements = new CopyOnWriteArrayList<>();

    // The number of the statement to fail, counted from the first; 0 for none.
    private volatile int failing;

    StatementRecordingDataSource(DataSource target) {
        super(target);
    }

    /**
     * Fail the {@code number}-th statement prepared on this DataSource, counted from its first one, as if the
     * connection was lost; it is noted all the same.
     */
    StatementRecordingDataSource failingStatement(int number) {
        this.failing = number;
        return this;
    }

    @Override
    public Connection getConnection() throws SQLException {
        Connection connection = super.getConnection();
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { Connection.class },
                (proxy, method, arguments) -> {
                    if (method.getName().startsWith("prepare") && arguments != null
                            && arguments[0] instanceof String sql) {
                        statements.add(sql);
                        if (statements.size() == failing) {
                            throw new SQLException("Injected failure of statement " + failing + ": " + sql, "08006");
                        }
                    }
                    try {
                        return method.invoke(connection, arguments);
                    }
                    catch (InvocationTargetException ex) {
                        throw ex.getCause();
                    }
                });
    }
}
