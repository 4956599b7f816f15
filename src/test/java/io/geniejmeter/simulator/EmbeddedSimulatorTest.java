package io.geniejmeter.simulator;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.Socket;
import org.junit.jupiter.api.Test;

class EmbeddedSimulatorTest {

    @Test
    void shouldShareOneInstanceAndStopItWhenTheLastUserReleases() throws Exception {
        SimulatorConfig config = SimulatorTestSupport.fast().build();
        GenieSimulator first = EmbeddedSimulator.acquire(config);
        GenieSimulator second = EmbeddedSimulator.acquire(config);
        try {
            assertSame(first, second);
            EmbeddedSimulator.release();
            new Socket("127.0.0.1", first.port()).close(); // still up for the second user
            assertNotNull(EmbeddedSimulator.current());
        } finally {
            EmbeddedSimulator.release();
        }
        assertNull(EmbeddedSimulator.current());
        assertThrows(IOException.class, () -> new Socket("127.0.0.1", first.port()).close());
        EmbeddedSimulator.release(); // an extra release is harmless
    }
}
