package io.geniejmeter.jmeter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.apache.jmeter.control.LoopController;
import org.apache.jmeter.threads.JMeterThread;
import org.apache.jorphan.collections.ListedHashTree;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The watch reads the graceful-stop flag of the JMeter on the class path (a JMeter that renamed it turns this red)
 * and interrupts a waiting thread once, only while it is registered.
 */
class ShutdownWatchTest {

    private final ScheduledExecutorService scanner = Executors.newSingleThreadScheduledExecutor();
    private final ShutdownWatch watch = new ShutdownWatch(scanner);

    @BeforeAll
    static void jmeterProperties() {
        JMeterTestProperties.init();
    }

    @AfterEach
    void stopScanning() {
        watch.stop();
        scanner.shutdownNow();
        Thread.interrupted(); // leave the test thread as it was
    }

    private static JMeterThread jmeterThread() {
        ListedHashTree tree = new ListedHashTree();
        tree.add(new LoopController());
        return new JMeterThread(tree, null, null);
    }

    @Test
    void seesJMeterAskAThreadToStopAfterItsCurrentSample() {
        JMeterThread thread = jmeterThread();
        assertFalse(ShutdownWatch.stopping(thread), "a thread that runs");
        thread.stop(); // what Shutdown calls on every thread
        assertTrue(ShutdownWatch.stopping(thread), "a thread asked to stop after its current sample");
        assertFalse(ShutdownWatch.stopping(null), "no JMeter thread: nothing to watch");
    }

    @Test
    void interruptsAWaitingThreadOnceWhenItsJMeterThreadIsAskedToStop() {
        JMeterThread thread = jmeterThread();
        try (ShutdownWatch.Waiting waiting = watch.watch(thread)) {
            watch.scan();
            assertFalse(Thread.currentThread().isInterrupted(), "running: left alone");
            thread.stop();
            watch.scan();
            assertTrue(Thread.interrupted(), "asked to stop while waiting: interrupted");
            assertEquals(0, watch.watched(), "interrupted once, then no longer watched");
            watch.scan();
            assertFalse(Thread.currentThread().isInterrupted(), "not interrupted twice");
        }
    }

    @Test
    void leavesAThreadAloneOnceItStoppedWaiting() {
        JMeterThread thread = jmeterThread();
        try (ShutdownWatch.Waiting waiting = watch.watch(thread)) {
            assertEquals(1, watch.watched());
        }
        thread.stop();
        watch.scan();
        assertFalse(Thread.currentThread().isInterrupted(), "no interrupt after the wait ended");
        assertEquals(0, watch.watched());
    }
}
