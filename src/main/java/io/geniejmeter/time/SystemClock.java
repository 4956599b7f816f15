package io.geniejmeter.time;

import java.util.concurrent.TimeUnit;

/** {@link Clock#SYSTEM}: the JVM's clocks and a real sleep; stateless, so shared by all threads. */
final class SystemClock implements Clock {

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public long wallMillis() {
        return System.currentTimeMillis();
    }

    @Override
    public void sleep(long nanos) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        if (nanos > 0) {
            TimeUnit.NANOSECONDS.sleep(nanos);
        }
    }

    @Override
    public String toString() {
        return "Clock.SYSTEM";
    }
}
