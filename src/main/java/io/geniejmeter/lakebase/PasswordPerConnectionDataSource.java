package io.geniejmeter.lakebase;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLInvalidAuthorizationSpecException;
import java.util.function.Supplier;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A PostgreSQL data source that asks for the password each time a connection is opened, so that HikariCP, which
 * opens connections through it, logs in with the Lakebase token current at that moment (see
 * {@link RefreshingPassword}). Open connections keep working when the token they used expires, as on Lakebase.
 *
 * <p>Thread-safe when the password supplier is.
 */
final class PasswordPerConnectionDataSource implements DataSource {

    private final PGSimpleDataSource driver;
    private final String user;
    private final Supplier<String> password;

    PasswordPerConnectionDataSource(PGSimpleDataSource driver, String user, Supplier<String> password) {
        this.driver = driver;
        this.user = user;
        this.password = password;
    }

    @Override
    public Connection getConnection() throws SQLException {
        String current;
        try {
            current = password.get();
        } catch (CacheDatabaseException e) {
            // As a login failure (SQL state 28000), so that the pool reports it like a refused password.
            throw new SQLInvalidAuthorizationSpecException(e.getMessage(), "28000", e);
        }
        return driver.getConnection(user, current);
    }

    @Override
    public Connection getConnection(String username, String pass) throws SQLException {
        return driver.getConnection(username, pass);
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return driver.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        driver.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        driver.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return driver.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return driver.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        return driver.unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
        return type.isInstance(this) || driver.isWrapperFor(type);
    }
}
