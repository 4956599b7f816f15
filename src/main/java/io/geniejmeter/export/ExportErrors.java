package io.geniejmeter.export;

import com.databricks.sdk.core.DatabricksException;
import io.geniejmeter.genie.SdkFailure;

/**
 * Turns SDK failures, as classified by the shared {@link SdkFailure}, into the export's retry decision and messages a
 * user can act on. Stateless.
 */
final class ExportErrors {

    /** How a failure is handled. */
    enum Kind {
        UNAUTHENTICATED, NO_CREDENTIALS, PERMISSION_DENIED, NOT_FOUND, THROTTLED, UNAVAILABLE, NETWORK, UNKNOWN_HOST,
        OTHER;

        /** Worth retrying after a wait. */
        boolean transientFailure() {
            return this == THROTTLED || this == UNAVAILABLE || this == NETWORK;
        }
    }

    private ExportErrors() {
    }

    /**
     * The export's view of the shared {@link SdkFailure} classification: any I/O failure not recognised more
     * specifically is a (retried) network failure.
     */
    static Kind classify(DatabricksException e) {
        SdkFailure failure = SdkFailure.classify(e);
        return switch (failure.kind()) {
            case UNAUTHENTICATED -> Kind.UNAUTHENTICATED;
            case PERMISSION_DENIED -> Kind.PERMISSION_DENIED;
            case NOT_FOUND -> Kind.NOT_FOUND;
            case THROTTLED -> Kind.THROTTLED;
            case UNAVAILABLE -> Kind.UNAVAILABLE;
            case UNKNOWN_HOST -> Kind.UNKNOWN_HOST;
            default -> failure.ioFailure() ? Kind.NETWORK
                    : failure.kind() == SdkFailure.Kind.NO_CREDENTIALS ? Kind.NO_CREDENTIALS : Kind.OTHER;
        };
    }

    static String shortDescription(DatabricksException e, Kind kind) {
        return switch (kind) {
            case THROTTLED -> "Genie is throttling requests (HTTP 429)";
            case UNAVAILABLE -> "Genie is temporarily unavailable (HTTP " + status(e) + ")";
            case NETWORK -> "Network failure (" + rootMessage(e) + ")";
            default -> e.getMessage();
        };
    }

    static ExportException toExportException(DatabricksException e, Kind kind, String what, ExportRequest request,
            String host, int retries) {
        String server = serverMessage(e);
        String message = switch (kind) {
            case UNAUTHENTICATED -> "Databricks rejected the credentials (HTTP 401" + server + ") while " + what
                    + " on " + host + ". The token is missing, wrong or expired. Create a personal access token"
                    + " (in Databricks: your user name > Settings > Developer > Access tokens > Generate new token)"
                    + " and set DATABRICKS_TOKEN=<token> together with DATABRICKS_HOST, in the environment or in .env;"
                    + " or use a service principal (DATABRICKS_CLIENT_ID + DATABRICKS_CLIENT_SECRET) or a"
                    + " ~/.databrickscfg profile (DATABRICKS_CONFIG_PROFILE).";
            case NO_CREDENTIALS -> noCredentials(host);
            case PERMISSION_DENIED -> "Permission denied (HTTP 403" + server + ") while " + what + " of Genie space "
                    + request.spaceId() + ". " + (request.includeAll()
                    ? "--include-all lists every user's conversations and needs CAN MANAGE on the space: ask the"
                            + " space's owner to grant it (Genie space > Share), or leave out --include-all to export"
                            + " only your own conversations."
                    : "Your user or service principal needs access to the space (at least CAN VIEW / CAN RUN) and"
                            + " to its SQL warehouse: ask the space's owner to share it with you (Genie space >"
                            + " Share).");
            case NOT_FOUND -> "Genie space " + request.spaceId() + " was not found on " + host + " (HTTP 404" + server
                    + "). Check --space-id / GENIE_SPACE_ID: it is the last part of the space's URL"
                    + " (.../genie/rooms/<id>); and check that DATABRICKS_HOST is the workspace holding the space.";
            case THROTTLED -> "Genie kept throttling the export (HTTP 429" + server + ") while " + what + ", "
                    + (retries + 1) + " attempts with back-off. Wait a few minutes and run the export again, or"
                    + " export fewer conversations with --max-conversations.";
            case UNAVAILABLE -> "Genie stayed unavailable (HTTP " + status(e) + server + ") while " + what + ", "
                    + (retries + 1) + " attempts with back-off. Try again later.";
            case NETWORK -> "Cannot reach " + host + " while " + what + " (" + rootMessage(e) + "; " + (retries + 1)
                    + " attempts). Check DATABRICKS_HOST, your network connection, VPN and proxy settings.";
            case UNKNOWN_HOST -> "The host name of " + host + " cannot be resolved (" + rootMessage(e) + ")."
                    + " Check DATABRICKS_HOST (for example https://your-workspace.cloud.databricks.com) and your"
                    + " network connection (DNS, VPN).";
            case OTHER -> "Genie failed while " + what + ": " + (status(e) > 0 ? "HTTP " + status(e) + server
                    : e.getMessage()) + ". Try again; if it keeps failing, check the space in the Databricks UI.";
        };
        return new ExportException(message, e);
    }

    static String noCredentials(String host) {
        return "No Databricks credentials found for " + host + ". Set DATABRICKS_TOKEN=<personal"
                + " access token> (in Databricks: your user name > Settings > Developer > Access tokens), or"
                + " DATABRICKS_CLIENT_ID + DATABRICKS_CLIENT_SECRET of a service principal, or"
                + " DATABRICKS_CONFIG_PROFILE for a ~/.databrickscfg profile; in the environment or in .env.";
    }

    private static int status(DatabricksException e) {
        return SdkFailure.classify(e).httpStatus();
    }

    /** ": ERROR_CODE: server message", or empty. */
    private static String serverMessage(DatabricksException e) {
        SdkFailure failure = SdkFailure.classify(e);
        StringBuilder b = new StringBuilder();
        if (failure.errorCode() != null && !failure.errorCode().isBlank()) {
            b.append(' ').append(failure.errorCode());
        }
        if (failure.errorText() != null && !failure.errorText().isBlank()) {
            b.append(": ").append(failure.errorText());
        }
        return b.toString();
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getClass().getSimpleName() + ": "
                + t.getMessage();
    }
}
