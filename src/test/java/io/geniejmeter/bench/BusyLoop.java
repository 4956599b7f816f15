package io.geniejmeter.bench;

/**
 * A competing busy process for {@link SaturatedAccuracyBenchmark}: {@code args[0]} threads spinning on arithmetic until
 * the process is killed, so the load generator has to share a saturated CPU.
 */
public final class BusyLoop {

    private BusyLoop() {
    }

    public static void main(String[] args) throws InterruptedException {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : Runtime.getRuntime().availableProcessors();
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(() -> {
                long x = 1;
                while (x != 0) {
                    x = x * 6364136223846793005L + 1442695040888963407L; // never 0: spins until killed
                }
            }, "busy-" + i);
            t.start();
        }
        Thread.currentThread().join();
    }
}
