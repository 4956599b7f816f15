package io.geniejmeter.lakebase;

/**
 * Mints a fresh database credential on each call ({@link LakebaseLogin} asks Lakebase's
 * {@code POST /api/2.0/database/credentials}). Implementations are called by one thread at a time
 * ({@link RefreshingPassword} serialises them).
 */
@FunctionalInterface
public interface CredentialSource {

    /**
     * A new credential.
     *
     * @throws CacheDatabaseException when the credential cannot be minted (workspace unreachable, login refused)
     */
    DatabaseCredential mint();
}
