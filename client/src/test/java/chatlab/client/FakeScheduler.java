package chatlab.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A scheduler on a clock that moves only when a test says so: tasks run on the test's thread, in time order, when
 * {@link #advance} passes their time; an unchecked exception from a task reaches the test. {@link #nanoTime()} is the clock, for code that reads one. Periodic
 * scheduling is not supported (nothing in the client uses it).
 */
public final class FakeScheduler extends AbstractExecutorService implements ScheduledExecutorService {
    private final PriorityQueue<Task<?>> tasks = new PriorityQueue<>(
            Comparator.<Task<?>>comparingLong(t -> t.due).thenComparingLong(t -> t.order));
    private long now;
    private long scheduled;
    private boolean shutdown;

    public synchronized long nanoTime() {
        return now;
    }

    /** Moves the clock on by {@code step}, running every task due by then (also those they schedule) in time order. */
    public void advance(Duration step) {
        long until;
        synchronized (this) {
            until = now + step.toNanos();
        }
        while (true) {
            Task<?> next;
            synchronized (this) {
                next = tasks.peek();
                if (next == null || next.due > until) {
                    now = until;
                    return;
                }
                tasks.poll();
                now = next.due;
            }
            next.run();
        }
    }

    /**
     * Moves the clock to the next waiting task and runs what is due then.
     *
     * @return how far the clock moved
     */
    public Duration runNext() {
        long next;
        synchronized (this) {
            Task<?> first = tasks.peek();
            if (first == null) {
                throw new IllegalStateException("no task is waiting");
            }
            next = first.due - now;
        }
        advance(Duration.ofNanos(next));
        return Duration.ofNanos(next);
    }

    /** Runs what is due now (what was handed to {@link #execute}). */
    public void runDue() {
        advance(Duration.ZERO);
    }

    /** The delays, from now, of the tasks still waiting (cancelled ones left out), soonest first. */
    public synchronized List<Duration> pending() {
        List<Duration> delays = new ArrayList<>();
        tasks.stream().filter(t -> !t.isCancelled()).sorted(tasks.comparator())
                .forEach(t -> delays.add(Duration.ofNanos(t.due - now)));
        return delays;
    }

    private synchronized <V> Task<V> add(Callable<V> callable, long delayNanos) {
        if (shutdown) {
            throw new RejectedExecutionException("shut down");
        }
        Task<V> task = new Task<>(callable, now + Math.max(0, delayNanos), scheduled++);
        tasks.add(task);
        return task;
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        return add(() -> {
            command.run();
            return null;
        }, unit.toNanos(delay));
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        return add(callable, unit.toNanos(delay));
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        throw new UnsupportedOperationException();
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void execute(Runnable command) {
        schedule(command, 0, TimeUnit.NANOSECONDS);
    }

    @Override
    public synchronized void shutdown() {
        shutdown = true;
    }

    @Override
    public synchronized List<Runnable> shutdownNow() {
        shutdown = true;
        tasks.clear();
        return List.of();
    }

    @Override
    public synchronized boolean isShutdown() {
        return shutdown;
    }

    @Override
    public synchronized boolean isTerminated() {
        return shutdown && tasks.isEmpty();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return isTerminated();
    }

    private final class Task<V> implements ScheduledFuture<V> {
        private final Callable<V> callable;
        private final long due;
        private final long order;
        private boolean cancelled;
        private boolean done;
        private V result;
        private Exception failure;

        Task(Callable<V> callable, long due, long order) {
            this.callable = callable;
            this.due = due;
            this.order = order;
        }

        void run() {
            synchronized (FakeScheduler.this) {
                if (cancelled) {
                    return;
                }
            }
            V value = null;
            Exception thrown = null;
            try {
                value = callable.call();
            } catch (Exception e) {
                thrown = e;
            }
            synchronized (FakeScheduler.this) {
                result = value;
                failure = thrown;
                done = true;
            }
            if (thrown instanceof RuntimeException unexpected) {
                throw unexpected; // a real executor keeps it in the future; a test wants to see it
            }
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(due - nanoTime(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            return Long.compare(getDelay(TimeUnit.NANOSECONDS), other.getDelay(TimeUnit.NANOSECONDS));
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            synchronized (FakeScheduler.this) {
                if (done || cancelled) {
                    return false;
                }
                cancelled = true;
                tasks.remove(this);
                return true;
            }
        }

        @Override
        public boolean isCancelled() {
            synchronized (FakeScheduler.this) {
                return cancelled;
            }
        }

        @Override
        public boolean isDone() {
            synchronized (FakeScheduler.this) {
                return done || cancelled;
            }
        }

        @Override
        public V get() throws ExecutionException {
            synchronized (FakeScheduler.this) {
                if (!done) {
                    throw new IllegalStateException("a fake scheduler's task has not run yet: advance the clock");
                }
                if (failure != null) {
                    throw new ExecutionException(failure);
                }
                return result;
            }
        }

        @Override
        public V get(long timeout, TimeUnit unit) throws ExecutionException {
            return get();
        }
    }
}
