package io.jenkins.plugins.imagebuilder.aws;

import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * What all image build sessions of a Jenkins controller share: the way to Image Builder (its SDK
 * clients) and a small, bounded pool of workers for everything that blocks (calls to AWS, saving a
 * build), so that however many builds wait, the plugin's threads stay few and Jenkins' timer only
 * schedules. One per controller; the Jenkins layer closes it when Jenkins stops.
 */
public final class ImageBuilderRuntime implements AutoCloseable {

    /** Workers when nothing else is said: calls take milliseconds to seconds, waits take hours. */
    public static final int DEFAULT_WORKERS = 4;

    private final ImageBuilderAccess access;
    private final ExecutorService workers;
    private final Clock clock;
    private volatile PollSchedule pollSchedule = PollSchedule.DEFAULT;
    private volatile int maxConsecutiveFailures = ImageBuildWatcher.DEFAULT_MAX_CONSECUTIVE_FAILURES;
    private volatile boolean closing;

    ImageBuilderRuntime(ImageBuilderAccess access, ExecutorService workers, Clock clock) {
        this.access = Objects.requireNonNull(access);
        this.workers = Objects.requireNonNull(workers);
        this.clock = Objects.requireNonNull(clock);
    }

    /**
     * @param proxy the proxy to use now, asked for each call; {@code null} from it for none
     * @param endpoints which endpoints calls may go to now, asked for each call
     * @param threads how many workers at most; idle ones end after a minute
     */
    public static ImageBuilderRuntime create(
            Supplier<ProxySettings> proxy, Supplier<EndpointPolicy> endpoints, int threads) {
        return new ImageBuilderRuntime(new ImageBuilderAccess(proxy, endpoints), workers(threads), Clock.systemUTC());
    }

    private static ExecutorService workers(int threads) {
        AtomicInteger count = new AtomicInteger();
        ThreadFactory factory = runnable -> {
            Thread thread = new Thread(runnable, "Image Builder worker #" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        ThreadPoolExecutor pool =
                new ThreadPoolExecutor(threads, threads, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>(), factory);
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    public ImageBuilderAccess access() {
        return access;
    }

    /** Where blocking work runs. */
    public Executor workers() {
        return workers;
    }

    Clock clock() {
        return clock;
    }

    public PollSchedule pollSchedule() {
        return pollSchedule;
    }

    /** Changes how often waits poll, for tests that cannot wait minutes. */
    public ImageBuilderRuntime withPollSchedule(PollSchedule schedule) {
        this.pollSchedule = Objects.requireNonNull(schedule);
        return this;
    }

    int maxConsecutiveFailures() {
        return maxConsecutiveFailures;
    }

    /** Changes how many failed polls in a row end a wait, for tests. */
    public ImageBuilderRuntime withMaxConsecutiveFailures(int failures) {
        this.maxConsecutiveFailures = failures;
        return this;
    }

    /**
     * Lets the work under way finish, takes no more, and closes the clients. Sessions that were
     * waiting end without a verdict and carry on when Jenkins starts again.
     */
    /** Whether Jenkins is stopping: from then on, sessions decide nothing and carry on after the restart. */
    public boolean isClosing() {
        return closing;
    }

    @Override
    public void close() {
        closing = true;
        workers.shutdown();
        try {
            // What they still decide is dropped anyway (see isClosing): give them only a moment.
            if (!workers.awaitTermination(1, TimeUnit.SECONDS)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
        access.close();
    }
}
