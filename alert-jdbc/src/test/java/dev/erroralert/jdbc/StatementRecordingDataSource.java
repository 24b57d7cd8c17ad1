package dev.erroralert.jdbc;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.sql.DataSource;

import org.springframework.jdbc.datasource.DelegatingDataSource;

/** A DataSource that notes the SQL of every statement prepared on its connections, to tell which statements ran. */
final class StatementRecordingDataSource extends DelegatingDataSource {

    /** The SQL prepared so far, in order. */
    final List<String> statements = new CopyOnWriteArrayList<>();

    StatementRecordingDataSource(DataSource target) {
        super(target);
    }

    @Override
    public Connection getConnection() throws SQLException {
        Connection connection = super.getConnection();
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { Connection.class },
                (proxy, method, arguments) -> {
                    if (method.getName().startsWith("prepare") && arguments != null
                            && arguments[0] instanceof String sql) {
                        statements.add(sql);
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
