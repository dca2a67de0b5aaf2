package io.jenkins.plugins.imagebuilder.aws;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One life of a Jenkins controller as the engine sees it: a timer that only schedules, the runtime
 * with its workers and clients, and the sessions it runs. {@link #crash()} ends it abruptly; a new
 * controller then resumes from what the last one saved.
 */
final class Controller implements AutoCloseable {

    private final ScheduledExecutorService timer =
            Executors.newScheduledThreadPool(2, runnable -> daemon(runnable, "timer"));
    private final ExecutorService workers =
            Executors.newFixedThreadPool(ImageBuilderRuntime.DEFAULT_WORKERS, runnable -> daemon(runnable, "worker"));
    final ImageBuilderRuntime runtime;
    private final List<RecordingHost> hosts = new CopyOnWriteArrayList<>();

    /** @param clock the controller's clock, which times the deadlines of waits */
    Controller(Clock clock) {
        runtime = new ImageBuilderRuntime(
                        new ImageBuilderAccess(() -> null, () -> EngineFixtures.LOCAL), workers, clock)
                .withPollSchedule(TestRuntime.FAST_POLLS);
        runtime.access()
                .withRetries(ImageBuilderAccess.Purpose.START, TestRuntime.FAST_RETRIES)
                .withRetries(ImageBuilderAccess.Purpose.CANCEL, TestRuntime.FAST_RETRIES)
                .withRetries(ImageBuilderAccess.Purpose.DECIDE, TestRuntime.FAST_RETRIES);
    }

    private static Thread daemon(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }

    /** A session for a new step; not started yet. */
    Run prepare(ImageBuildRequest request) {
        return prepare(request, timer);
    }

    /** A session for a new step whose host gives this timer; not started yet. */
    Run prepare(ImageBuildRequest request, ScheduledExecutorService timer) {
        return new Run(request, new ImageBuildProgress(), timer);
    }

    /** Starts a step's session. */
    RecordingHost start(ImageBuildRequest request) {
        Run run = prepare(request);
        run.session.start();
        return run.host;
    }

    /** Resumes a step from what an earlier controller saved. */
    RecordingHost resume(RecordingHost.Saved saved) {
        Object[] restored = saved.restore();
        Run run = new Run((ImageBuildRequest) restored[0], (ImageBuildProgress) restored[1], timer);
        run.session.resume();
        return run.host;
    }

    /** A step's session and its host. */
    final class Run {
        final RecordingHost host;
        final ImageBuildSession session;

        Run(ImageBuildRequest request, ImageBuildProgress progress, ScheduledExecutorService timer) {
            host = new RecordingHost(request, progress, timer, Controller.this::crash);
            hosts.add(host);
            session = new ImageBuildSession(request, progress, runtime, host);
        }
    }

    /**
     * Stops as Jenkins does: the runtime closes its workers and clients, but the steps' contexts outlive
     * it (in Jenkins they reach the build that the next controller resumes), so the hosts still listen.
     */
    void stop() {
        runtime.close();
        timer.shutdownNow();
    }

    /** Waits until the work under way when the controller stopped has ended. */
    void awaitWorkersEnded() throws InterruptedException {
        if (!workers.awaitTermination(30, TimeUnit.SECONDS)) {
            throw new AssertionError("the workers of the stopped controller are still busy");
        }
    }

    /** Goes down at once: no more polls, no more calls, nothing more told to anyone. */
    void crash() {
        hosts.forEach(RecordingHost::die);
        timer.shutdownNow();
        workers.shutdownNow();
        runtime.access().close();
    }

    @Override
    public void close() {
        crash();
    }
}
