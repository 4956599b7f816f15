package io.geniejmeter.target;

import io.geniejmeter.settings.GenieSettings;
import io.geniejmeter.settings.GenieSettingsException;
import io.geniejmeter.settings.Settings;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The pre-flight check of a workspace: one TCP connection to {@code DATABRICKS_HOST} with a short timeout before a
 * test or an export starts, so that a mistyped or unreachable host is one clear error at the start rather than every
 * sample failing with a connection error (each after the full HTTP timeout). Skipped when a proxy is configured (the
 * SDK then connects through it, not directly) and when the host comes from a config profile (the SDK reads it).
 * Stateless.
 */
final class HostCheck {

    /** Long enough for a slow VPN's handshake, short enough that a wrong host does not look like a hang. */
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    private static final List<String> PROXY_VARIABLES = List.of("HTTPS_PROXY", "https_proxy", "HTTP_PROXY",
            "http_proxy", "ALL_PROXY", "all_proxy", "DATABRICKS_PROXY_HOST");

    private HostCheck() {
    }

    /**
     * Connects once to the host {@code settings} name, if any.
     *
     * @throws GenieSettingsException naming DATABRICKS_HOST, its origin and why it cannot be reached; also when the
     *                                host breaks its rule (no scheme, say)
     */
    static void check(GenieSettings settings, Duration timeout) {
        Optional<String> url = settings.optional(Settings.DATABRICKS_HOST);
        if (url.isEmpty() || PROXY_VARIABLES.stream().anyMatch(v -> settings.raw(v).isPresent())) {
            return;
        }
        URI uri = URI.create(url.get());
        int port = uri.getPort() > 0 ? uri.getPort() : "http".equalsIgnoreCase(uri.getScheme()) ? 80 : 443;
        String why;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(uri.getHost(), port), (int) timeout.toMillis());
            return;
        } catch (UnknownHostException e) {
            why = "the name " + uri.getHost() + " does not resolve (check the spelling and your DNS / VPN)";
        } catch (ConnectException e) {
            why = "nothing accepts connections on port " + port + " (" + e.getMessage() + ")";
        } catch (NoRouteToHostException e) {
            why = "there is no network route to it (check your network / VPN)";
        } catch (SocketTimeoutException e) {
            why = "it did not answer within " + timeout.toSeconds() + " s (check your network, VPN or firewall;"
                    + " behind a proxy, set HTTPS_PROXY)";
        } catch (IOException e) {
            why = e.toString();
        }
        throw new GenieSettingsException("Cannot reach DATABRICKS_HOST " + url.get() + " (from "
                + settings.originOf(Settings.DATABRICKS_HOST) + "): " + why + ". Nothing was started.");
    }
}
