package io.geniejmeter.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketException;
import org.junit.jupiter.api.Test;

class EmbeddedSimulatorTest {

    @Test
    void shouldShareOneInstanceAndStopItWhenTheLastUserReleases() throws Exception {
        SimulatorConfig config = SimulatorTestSupport.fast().build();
        GenieSimulator first = EmbeddedSimulator.acquire(config);
        GenieSimulator second = EmbeddedSimulator.acquire(config);
        Socket held = new Socket("127.0.0.1", first.port());
        try {
            assertSame(first, second);
            EmbeddedSimulator.release();
            new Socket("127.0.0.1", first.port()).close(); // still up for the second user
            assertNotNull(EmbeddedSimulator.current());
        } finally {
            EmbeddedSimulator.release();
        }
        assertNull(EmbeddedSimulator.current());
        // Stopping closes every open connection. (Connecting anew is no proof: the freed port may already belong
        // to a server that another test started.) A server still running would leave the read hanging until the
        // timeout, which fails the test.
        held.setSoTimeout(5_000);
        assertEquals(-1, readOrEndOfStream(held));
        held.close();
        EmbeddedSimulator.release(); // an extra release is harmless
    }

    /** Reads one byte; a connection reset counts as end of stream, both mean the server closed the socket. */
    private static int readOrEndOfStream(Socket socket) throws IOException {
        try {
            return socket.getInputStream().read();
        } catch (SocketException e) {
            return -1;
        }
    }
}
