package io.geniejmeter.lakebase;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.DatabricksConfig;
import com.databricks.sdk.core.DatabricksException;
import com.databricks.sdk.service.database.DatabaseInstance;
import com.databricks.sdk.service.database.DatabaseInstanceState;
import com.databricks.sdk.service.database.GenerateDatabaseCredentialRequest;
import io.geniejmeter.genie.WorkspaceClients;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Logs in to a Lakebase database instance as the original tool does: a service principal's client id and secret
 * (OAuth M2M, through databricks-sdk-java, which also renews the OAuth token) -> the instance's
 * {@code read_write_dns} -> a database credential token, the PostgreSQL password of the service principal (whose
 * role name is its application id). Connections use database {@code databricks_postgres} with
 * {@code sslmode=require}.
 *
 * <p>Thread-safe (the SDK client is); {@link #mint()} is called through {@link RefreshingPassword}. {@link #close()}
 * closes the SDK client's connections (its own pool, so that none is left open after a test).
 */
public final class LakebaseLogin implements CredentialSource, AutoCloseable {

    /** The database Lakebase creates in every instance. */
    public static final String DATABASE = "databricks_postgres";
    private static final int PORT = 5432;

    private final WorkspaceClient workspace;
    private final String instance;
    private final String clientId;
    private final String host;

    private LakebaseLogin(WorkspaceClient workspace, String instance, String clientId, String host) {
        this.workspace = workspace;
        this.instance = instance;
        this.clientId = clientId;
        this.host = host;
    }

    /**
     * A login for {@code instance} as the service principal {@code clientId}/{@code clientSecret} of the workspace
     * {@code config} points at ({@code config} gives the host, or a profile that names it, and the HTTP client; its
     * credentials are replaced by the service principal's). Nothing is sent yet.
     */
    public static LakebaseLogin servicePrincipal(DatabricksConfig config, String instance, String clientId,
                                                 String clientSecret) {
        Objects.requireNonNull(instance, "instance");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(clientSecret, "clientSecret");
        config.setToken(null);
        config.setClientId(clientId);
        config.setClientSecret(clientSecret);
        config.setAuthType("oauth-m2m");
        WorkspaceClients.withClosablePool(config, 2); // token minting is serialised; one more for OAuth
        try {
            config.resolve();
        } catch (DatabricksException e) {
            throw new CacheDatabaseException(CacheDatabaseException.Kind.LOGIN, "Lakebase login: cannot set up the"
                    + " Databricks client for service principal " + clientId + ": " + e.getMessage(), e);
        }
        return new LakebaseLogin(new WorkspaceClient(config), instance, clientId, config.getHost());
    }

    /** The PostgreSQL user: the service principal's application id. */
    public String user() {
        return clientId;
    }

    /**
     * The JDBC URL of the instance's read-write endpoint, from {@code GET /api/2.0/database/instances/{name}}.
     *
     * @throws CacheDatabaseException when the instance is unknown, not AVAILABLE, or the workspace refuses the login
     */
    public String jdbcUrl() {
        DatabaseInstance found;
        try {
            found = workspace.database().getDatabaseInstance(instance);
        } catch (DatabricksException e) {
            throw new CacheDatabaseException(CacheDatabaseException.Kind.LOGIN, "Lakebase instance " + instance
                    + " of " + host + " cannot be read as service principal " + clientId + ": " + e.getMessage(), e);
        }
        String dns = found.getReadWriteDns();
        if (dns == null || dns.isBlank()) {
            throw new CacheDatabaseException(CacheDatabaseException.Kind.UNREACHABLE, "Lakebase instance " + instance
                    + " of " + host + " has no read_write_dns (state " + found.getState() + ")", null);
        }
        if (found.getState() != null && found.getState() != DatabaseInstanceState.AVAILABLE) {
            throw new CacheDatabaseException(CacheDatabaseException.Kind.UNREACHABLE, "Lakebase instance " + instance
                    + " of " + host + " is " + found.getState() + ", not AVAILABLE: start it in the workspace", null);
        }
        // Lakebase names a host; another port (the simulator pointing at a local server) is kept as given.
        String address = dns.contains(":") ? dns : dns + ":" + PORT;
        return "jdbc:postgresql://" + address + "/" + DATABASE + "?sslmode=require";
    }

    /** A new database credential for the instance ({@code POST /api/2.0/database/credentials}). */
    @Override
    public DatabaseCredential mint() {
        try {
            var credential = workspace.database().generateDatabaseCredential(new GenerateDatabaseCredentialRequest()
                    .setInstanceNames(List.of(instance)).setRequestId(UUID.randomUUID().toString()));
            if (credential.getToken() == null || credential.getExpirationTime() == null) {
                throw new CacheDatabaseException(CacheDatabaseException.Kind.LOGIN, "Lakebase returned a credential"
                        + " without token or expiration_time for instance " + instance, null);
            }
            return new DatabaseCredential(credential.getToken(), Instant.parse(credential.getExpirationTime()));
        } catch (DatabricksException e) {
            throw new CacheDatabaseException(CacheDatabaseException.Kind.LOGIN, "Lakebase database credential for"
                    + " instance " + instance + " of " + host + " cannot be minted as service principal " + clientId
                    + ": " + e.getMessage(), e);
        } catch (DateTimeParseException e) {
            throw new CacheDatabaseException(CacheDatabaseException.Kind.LOGIN, "Lakebase returned an unreadable"
                    + " expiration_time for instance " + instance + ": " + e.getMessage(), e);
        }
    }

    /** Closes the connections to the workspace; minting fails afterwards. */
    @Override
    public void close() {
        WorkspaceClients.close(workspace);
    }

    @Override
    public String toString() {
        return "Lakebase instance " + instance + " of " + host + " as " + clientId;
    }
}
