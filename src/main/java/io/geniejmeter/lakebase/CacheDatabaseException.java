package io.geniejmeter.lakebase;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/**
 * A failure of the semantic cache's database, with what failed in words and of which {@link Kind}, so that the cache
 * can fall back to live Genie and log once per kind. Unchecked: every operation of {@link SemanticCacheTable} and
 * {@link LakebaseLogin} may throw it.
 */
public final class CacheDatabaseException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What went wrong, coarsely: enough to decide whether to retry later and to log once per kind. */
    public enum Kind {
        /** The server cannot be reached, or no pool connection became free in time. */
        UNREACHABLE,
        /** A statement or lock wait ran past its timeout. */
        TIMEOUT,
        /** Login refused: wrong password or token, unknown role, or the Lakebase credential could not be minted. */
        LOGIN,
        /** Any other database error (permissions, a missing extension, a dimension mismatch). */
        QUERY
    }

    private final Kind kind;

    public CacheDatabaseException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /** An exception for {@code e}, raised while doing {@code what} on {@code database}, classified by SQL state. */
    static CacheDatabaseException of(String what, String database, SQLException e) {
        Kind kind = classify(e);
        String reason = switch (kind) {
            case UNREACHABLE -> "the database cannot be reached";
            case TIMEOUT -> "the statement timed out";
            case LOGIN -> "the login was refused";
            case QUERY -> "the database refused the statement";
        };
        return new CacheDatabaseException(kind, "Semantic cache database " + database + ": " + what + " failed, "
                + reason + ": " + rootMessage(e), e);
    }

    private static Kind classify(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && s.getSQLState() != null) {
                String state = s.getSQLState();
                if (state.startsWith("08")) {
                    return Kind.UNREACHABLE;
                }
                if (state.startsWith("28")) {
                    return Kind.LOGIN;
                }
                if (state.equals("57014") || state.equals("55P03")) {
                    return Kind.TIMEOUT;
                }
            }
            if (t instanceof SQLTransientConnectionException && t.getCause() == null) {
                return Kind.UNREACHABLE;
            }
        }
        return Kind.QUERY;
    }

    private static String rootMessage(Throwable e) {
        StringBuilder b = new StringBuilder(String.valueOf(e.getMessage()));
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root != e && root.getMessage() != null && !b.toString().contains(root.getMessage())) {
            b.append(" (").append(root.getMessage()).append(')');
        }
        return b.toString();
    }
}
