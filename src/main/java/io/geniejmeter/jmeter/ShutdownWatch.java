package io.geniejmeter.jmeter;

import io.geniejmeter.genie.AbortableHttpClient;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.apache.jmeter.threads.JMeterThread;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices JMeter's graceful stop of a thread (<i>Shutdown</i>: the GUI's Shutdown, {@code shutdown.sh}, the
 * {@code Shutdown} UDP command) while the sampler waits on Genie, and cuts the wait short the way <i>Stop</i> does.
 *
 * <p><b>Why it is needed.</b> On Shutdown JMeter 5.6.3 does not interrupt samplers: {@code StandardJMeterEngine}
 * calls {@code stop()} on each thread group, which calls {@link JMeterThread#stop()} on each thread, and that only
 * clears the thread's private {@code running} flag, read after the current sample. A Genie answer takes tens of
 * seconds to minutes (or hangs), so a Shutdown would wait for it. JMeter offers no public way to read that flag or to
 * be told, so this class reads the flag ({@code JMeterThread.running}, a volatile field since JMeter 2) through a
 * {@link VarHandle}, and scans the threads that are waiting every {@link #SCAN_MS} ms: a thread whose flag is
 * cleared is interrupted through {@link AbortableHttpClient#interrupt(Thread)}, which also aborts its HTTP call in
 * flight, so its question ends as INTERRUPTED and is counted as cut off, exactly as on Stop. If a later JMeter
 * renames the field, a warning says so once and Shutdown waits for the answers again (Stop still cuts them off).
 *
 * <p><b>Thread-safety.</b> Registration, deregistration and the scan's interrupt are atomic per thread, so a thread
 * is never interrupted after it stopped waiting. Shared by every sampler of the JVM.
 */
final class ShutdownWatch {

    private static final Logger log = LoggerFactory.getLogger(ShutdownWatch.class);

    /** How often the waiting threads are checked: a Shutdown is noticed within this time. */
    static final long SCAN_MS = 100;

    private static final VarHandle RUNNING = runningFlag();

    private final ScheduledExecutorService scanner;
    /** JVM thread waiting on Genie (a think time or a question) -> its JMeter thread. */
    private final ConcurrentMap<Thread, JMeterThread> waiting = new ConcurrentHashMap<>();
    // Guarded by this.
    private ScheduledFuture<?> scan;

    ShutdownWatch(ScheduledExecutorService scanner) {
        this.scanner = scanner;
    }

    /**
     * True when {@code thread} was asked to stop after its current sample (Shutdown, a thread group's Stop Thread,
     * the end of its loops); false for a null thread (a sampler called outside an engine) or when the flag cannot be
     * read.
     */
    static boolean stopping(JMeterThread thread) {
        return thread != null && RUNNING != null && !(boolean) RUNNING.getVolatile(thread);
    }

    /** A registration of the current thread as waiting on Genie; closing it ends the watch. */
    interface Waiting extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Watches the current thread, owned by {@code thread}, until the returned registration is closed: if Shutdown
     * comes meanwhile, the current thread is interrupted (and its HTTP call aborted). Nothing is watched when
     * {@code thread} is null.
     */
    Waiting watch(JMeterThread thread) {
        if (thread == null || RUNNING == null) {
            return () -> { };
        }
        Thread me = Thread.currentThread();
        waiting.put(me, thread);
        ensureScanning();
        return () -> waiting.remove(me);
    }

    /** Stops scanning (the test ended); the next {@link #watch} starts it again. */
    synchronized void stop() {
        if (scan != null) {
            scan.cancel(false);
            scan = null;
        }
    }

    /** Threads watched right now (for tests). */
    int watched() {
        return waiting.size();
    }

    private synchronized void ensureScanning() {
        if (scan == null) {
            scan = scanner.scheduleWithFixedDelay(this::scan, SCAN_MS, SCAN_MS, TimeUnit.MILLISECONDS);
        }
    }

    /** Interrupts, once, each waiting thread whose JMeter thread was asked to stop. */
    void scan() {
        for (Thread jvmThread : waiting.keySet()) {
            waiting.computeIfPresent(jvmThread, (t, owner) -> {
                if (!stopping(owner)) {
                    return owner;
                }
                AbortableHttpClient.interrupt(t);
                return null; // interrupted once: no longer watched
            });
        }
    }

    private static VarHandle runningFlag() {
        try {
            return MethodHandles.privateLookupIn(JMeterThread.class, MethodHandles.lookup())
                    .findVarHandle(JMeterThread.class, "running", boolean.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.warn("JMeter's Shutdown will wait for the Genie answers in progress (up to GENIE_TIMEOUT_SECONDS):"
                    + " this JMeter has no JMeterThread.running flag to watch ({}); Stop still ends them at once",
                    e.toString());
            return null;
        }
    }
}
