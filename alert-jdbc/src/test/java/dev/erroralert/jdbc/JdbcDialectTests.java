package dev.erroralert.jdbc;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.time.Duration;

import javax.sql.DataSource;

import dev.erroralert.fingerprint.Fingerprint;
import dev.erroralert.policy.DedupWindows;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.AbstractDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class JdbcDialectTests {

    @Test
    void knowsTheSupportedProductsByTheNamesTheirDriversReport() {
        assertThat(JdbcDialect.forProductName("PostgreSQL")).isEqualTo(JdbcDialect.POSTGRESQL);
        assertThat(JdbcDialect.forProductName("H2")).isEqualTo(JdbcDialect.H2);
        assertThat(JdbcDialect.forProductName("MariaDB")).isEqualTo(JdbcDialect.MARIADB);
        assertThat(JdbcDialect.forProductName("MySQL")).as("one dialect for both").isEqualTo(JdbcDialect.MARIADB);
    }

    @Test
    void unsupportedProductIsRejectedNamingItAndWhatIsSupported() {
        assertThatIllegalArgumentException().isThrownBy(() -> JdbcDialect.forProductName("Oracle"))
                .withMessageContaining("'Oracle'")
                .withMessageContaining("PostgreSQL, H2");
    }

    @Test
    void detectsH2() {
        assertThat(JdbcDialect.detect(JdbcDedupStoreH2Tests.newDataSource())).isEqualTo(JdbcDialect.H2);
    }

    @Test
    void storeOnAnUnsupportedDatabaseStartsAndFailsOnFirstUseNamingTheProduct() {
        JdbcDedupStore store = new JdbcDedupStore(reportingProduct("Apache Derby"));
        DedupWindows windows = new DedupWindows(Duration.ofMinutes(5), Duration.ofMinutes(30));
        Fingerprint fingerprint = new Fingerprint("0123456789abcdef0123456789abcdef");

        assertThatIllegalArgumentException()
                .isThrownBy(() -> store.record(fingerprint, 1, System.currentTimeMillis(), windows))
                .withMessageContaining("'Apache Derby'");
        store.close();
    }

    private static DataSource reportingProduct(String productName) {
        DatabaseMetaData metaData = (DatabaseMetaData) Proxy.newProxyInstance(JdbcDialectTests.class.getClassLoader(),
                new Class<?>[] { DatabaseMetaData.class },
                (proxy, method, args) -> method.getName().equals("getDatabaseProductName") ? productName : null);
        Connection connection = (Connection) Proxy.newProxyInstance(JdbcDialectTests.class.getClassLoader(),
                new Class<?>[] { Connection.class },
                (proxy, method, args) -> method.getName().equals("getMetaData") ? metaData : null);
        return new AbstractDataSource() {

            @Override
            public Connection getConnection() {
                return connection;
            }

            @Override
            public Connection getConnection(String username, String password) {
                return connection;
            }
        };
    }
}
