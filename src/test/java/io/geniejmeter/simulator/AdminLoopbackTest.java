package io.geniejmeter.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The admin endpoints ({@code /_simulator/}: ground truth, stats, reset) answer this machine only, even when the
 * simulator listens on every interface for a remote load generator, unless started with
 * {@code --admin-from-anywhere true}. "Another machine" is played by this machine's own non-loopback address: the
 * request then arrives from that address, not from loopback, and never leaves the host.
 */
class AdminLoopbackTest {

    private static Optional<InetAddress> nonLoopbackAddress() throws Exception {
        return NetworkInterface.networkInterfaces().filter(i -> {
            try {
                return i.isUp() && !i.isLoopback();
            } catch (java.net.SocketException e) {
                return false;
            }
        }).flatMap(NetworkInterface::inetAddresses).filter(a -> a instanceof Inet4Address).findFirst();
    }

    private static int get(String host, int port, String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + path)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void refusesAdminRequestsFromAnotherAddressButServesTheGenieApi() throws Exception {
        Optional<InetAddress> own = nonLoopbackAddress();
        Assumptions.assumeTrue(own.isPresent(), "this machine has no non-loopback address");
        String ip = own.get().getHostAddress();
        String genie = "/api/2.0/genie/spaces/";

        try (GenieSimulator sim = GenieSimulator.start(SimulatorTestSupport.fast().host("0.0.0.0").build())) {
            assertEquals(403, get(ip, sim.port(), "/_simulator/messages", null), "ground truth from " + ip);
            assertEquals(403, get(ip, sim.port(), "/_simulator/stats", null));
            assertEquals(200, get("127.0.0.1", sim.port(), "/_simulator/messages", null), "from loopback");
            assertEquals(200, get(ip, sim.port(), genie + sim.spaceId(), sim.token()), "the Genie API from " + ip);
        }
        try (GenieSimulator sim = GenieSimulator.start(SimulatorTestSupport.fast().host("0.0.0.0")
                .adminFromAnywhere(true).build())) {
            assertEquals(200, get(ip, sim.port(), "/_simulator/messages", null), "asked otherwise");
        }
    }

    @Test
    void allowsLoopbackOnlyUnlessAskedOtherwise() throws Exception {
        assertTrue(SimulatorHttp.adminAllowed(InetAddress.getByName("127.0.0.1"), false));
        assertTrue(SimulatorHttp.adminAllowed(InetAddress.getByName("::1"), false));
        assertFalse(SimulatorHttp.adminAllowed(InetAddress.getByName("192.0.2.7"), false));
        assertTrue(SimulatorHttp.adminAllowed(InetAddress.getByName("192.0.2.7"), true));
    }
}
