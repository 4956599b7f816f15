package io.geniejmeter.simulator;

/**
 * The credentials the simulator accepts: one bearer token, one that authenticates but is denied, and the OAuth M2M
 * client whose tokens are accepted too. Made by {@link SimulatorConfig} from checked values.
 *
 * @param token the one accepted bearer token
 * @param forbiddenToken a bearer token that authenticates but is denied (HTTP 403); differs from {@code token}
 * @param clientId OAuth M2M client id accepted by the token endpoint
 * @param clientSecret OAuth M2M client secret accepted by the token endpoint
 */
public record AuthSettings(String token, String forbiddenToken, String clientId, String clientSecret) {

    /** Masks the tokens and the client secret: they must never reach logs. */
    @Override
    public String toString() {
        return "AuthSettings[token=****, forbiddenToken=****, clientId=" + clientId + ", clientSecret=****]";
    }
}
