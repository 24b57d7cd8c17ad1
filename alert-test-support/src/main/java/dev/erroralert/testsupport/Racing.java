package dev.erroralert.testsupport;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Work run on several threads released at once, as the instances of a fleet race each other. */
public final class Racing {

    // Only a guard so that a deadlock or a lost wake-up fails the test instead of hanging it.
    private static final long HANG_GUARD_SECONDS = 60;

    private Racing() {
    }

    /**
     * Run {@code work} on {@code threads} threads released at once, and return what each returned, in the order of
     * the threads.
     *
     * @throws java.util.concurrent.ExecutionException what a thread threw
     */
    public static <T> List<T> run(int threads, Work<T> work) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    start.await();
                    return work.run(thread);
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(HANG_GUARD_SECONDS, TimeUnit.SECONDS));
            }
            return results;
        }
        finally {
            pool.shutdownNow();
        }
    }

    /** What each thread does, told its number. */
    @FunctionalInterface
    public interface Work<T> {

        T run(int thread) throws Exception;
    }
}
