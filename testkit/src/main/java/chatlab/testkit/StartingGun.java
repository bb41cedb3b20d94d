package chatlab.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Runs many actions as close to the same moment as threads allow: all wait for one signal, then go. */
public final class StartingGun {
    /** One numbered action, which may throw. */
    @FunctionalInterface
    public interface Action {
        void run(int index) throws Exception;
    }

    private StartingGun() {}

    /** Runs {@code action(0) .. action(count - 1)} together on a few threads and waits until all have run. */
    public static void fire(int count, Action action) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int index = i;
                runs.add(pool.submit(() -> {
                    go.await();
                    action.run(index);
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> run : runs) {
                run.get();
            }
        } finally {
            pool.shutdown();
        }
    }
}
