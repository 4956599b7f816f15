package io.geniejmeter.target;

import com.databricks.sdk.WorkspaceClient;
import io.geniejmeter.genie.WorkspaceClients;
import io.geniejmeter.settings.GenieSettings;
import io.geniejmeter.settings.Settings;

/**
 * An open connection to one Genie: the SDK client, the settings that lead there (for the simulator: its loopback
 * host, token and space in place of the user's), and what to release at the end. Made by {@link GenieTargets}.
 *
 * <p>Thread-safe: the workspace client is shared by every user of a test. {@link #close()} is idempotent.
 */
public final class GenieTarget implements AutoCloseable {

    private final TargetKind kind;
    private final GenieSettings settings;
    private final WorkspaceClient workspace;
    private final String spaceId;
    private final String description;
    private final Runnable release;
    private boolean closed;

    GenieTarget(TargetKind kind, GenieSettings settings, WorkspaceClient workspace, String spaceId,
                String description, Runnable release) {
        this.kind = kind;
        this.settings = settings;
        this.workspace = workspace;
        this.spaceId = spaceId;
        this.description = description;
        this.release = release;
    }

    public TargetKind kind() {
        return kind;
    }

    /** The settings of this connection (client timeouts, poll interval, ...: the user's; host and token: target's). */
    public GenieSettings settings() {
        return settings;
    }

    /** The databricks-sdk-java client, SDK retries off, pooled for the number of connections asked for. */
    public WorkspaceClient workspace() {
        return workspace;
    }

    /** The Genie space to use: {@code GENIE_SPACE_ID} on a workspace, the simulator's own space otherwise. */
    public String spaceId() {
        return spaceId;
    }

    /**
     * The SQL warehouse that re-runs cached SQL: {@code GENIE_WAREHOUSE_ID} on a workspace (null when unset), the
     * simulator's own warehouse otherwise.
     */
    public String warehouseId() {
        return settings.raw(Settings.GENIE_WAREHOUSE_ID.name()).orElse(null);
    }

    /** One line for the log and the console, e.g. "Genie space abc of workspace https://..." (no secret). */
    public String description() {
        return description;
    }

    /** Closes the client's connections, then releases the embedded simulator (the last user stops it). */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            WorkspaceClients.close(workspace);
            release.run();
        }
    }

    @Override
    public String toString() {
        return description;
    }
}
