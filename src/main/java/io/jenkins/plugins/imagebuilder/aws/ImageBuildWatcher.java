package io.jenkins.plugins.imagebuilder.aws;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Waits for image builds to finish without holding a thread: a shared scheduler (Jenkins' timer)
 * only times the polls, and each poll, one GetImage call, runs on a small pool of workers, so any
 * number of waits share a few threads and nothing blocks the scheduler. It reports each change of
 * state once, completes with the final build when it reaches a terminal state, rides out transient
 * failures with a growing back-off and gives up after a bounded run of them.
 */
public final class ImageBuildWatcher {

    private static final Logger LOGGER = Logger.getLogger(ImageBuildWatcher.class.getName());

    /** Where the state of a build comes from: {@code gateway::getImage}, in production. */
    @FunctionalInterface
    public interface ImageSource {
        ImageBuild fetch(ImageBuildVersionArn image);
    }

    /** Told what a wait sees, on the workers' threads. */
    public interface Listener {
        /**
         * The build moved to another state; also called for the first state seen when none was known.
         *
         * @param previous the state before, or {@code null} if none was known
         * @param elapsed how long since the build started
         */
        void statusChanged(ImageBuildStatus previous, ImageBuild current, Duration elapsed);

        /** A poll failed transiently; the wait goes on. */
        default void pollFailed(ImageBuilderException failure, int consecutiveFailures, Duration nextPollIn) {}
    }

    /** Ten transient failures in a row, with the back-off, make at least twenty minutes of trouble. */
    public static final int DEFAULT_MAX_CONSECUTIVE_FAILURES = 10;

    private final ScheduledExecutorService scheduler;
    private final Executor workers;
    private final Clock clock;
    private final PollSchedule schedule;
    private final int maxConsecutiveFailures;
    private final DoubleSupplier random;

    /**
     * @param scheduler only times the polls (Jenkins' timer, shared by all of Jenkins)
     * @param workers run the polls, which block on the network
     */
    public ImageBuildWatcher(
            ScheduledExecutorService scheduler,
            Executor workers,
            Clock clock,
            PollSchedule schedule,
            int maxConsecutiveFailures) {
        this(
                scheduler,
                workers,
                clock,
                schedule,
                maxConsecutiveFailures,
                () -> ThreadLocalRandom.current().nextDouble());
    }

    ImageBuildWatcher(
            ScheduledExecutorService scheduler,
            Executor workers,
            Clock clock,
            PollSchedule schedule,
            int maxConsecutiveFailures,
            DoubleSupplier random) {
        this.scheduler = Objects.requireNonNull(scheduler);
        this.workers = Objects.requireNonNull(workers);
        this.clock = Objects.requireNonNull(clock);
        this.schedule = Objects.requireNonNull(schedule);
        if (maxConsecutiveFailures < 1) {
            throw new IllegalArgumentException("maxConsecutiveFailures must be at least 1");
        }
        this.maxConsecutiveFailures = maxConsecutiveFailures;
        this.random = random;
    }

    /**
     * Starts waiting; the first poll runs at once.
     *
     * @param startedAt when the build started, for the elapsed times reported
     * @param lastKnown the state last reported (after a restart), or {@code null}, so that a resumed
     *     wait does not report it again
     * @param deadline when to give up, or {@code null} to wait as long as it takes
     */
    public Watch watch(
            ImageBuildVersionArn image,
            ImageSource source,
            Listener listener,
            Instant startedAt,
            ImageBuildStatus lastKnown,
            Instant deadline) {
        return watch(
                image,
                source,
                listener,
                startedAt,
                lastKnown,
                deadline,
                build -> build.status().isTerminal());
    }

    /**
     * Starts waiting until {@code done} holds of the build: a terminal state by default, or more (a
     * finished vulnerability scan). Otherwise as {@link #watch(ImageBuildVersionArn, ImageSource, Listener,
     * Instant, ImageBuildStatus, Instant)}.
     */
    public Watch watch(
            ImageBuildVersionArn image,
            ImageSource source,
            Listener listener,
            Instant startedAt,
            ImageBuildStatus lastKnown,
            Instant deadline,
            Predicate<ImageBuild> done) {
        Watch watch = new Watch(image, source, listener, startedAt, lastKnown, deadline, done);
        watch.schedule(Duration.ZERO);
        return watch;
    }

    /** One wait in progress. */
    public final class Watch {
        private final ImageBuildVersionArn image;
        private final ImageSource source;
        private final Listener listener;
        private final Instant startedAt;
        private final Instant deadline;
        private final Predicate<ImageBuild> done;
        private final CompletableFuture<ImageBuild> result = new CompletableFuture<>();
        private ImageBuildStatus lastStatus;
        private Duration delay;
        private int consecutiveFailures;
        private int polls;
        private ScheduledFuture<?> next;

        private Watch(
                ImageBuildVersionArn image,
                ImageSource source,
                Listener listener,
                Instant startedAt,
                ImageBuildStatus lastKnown,
                Instant deadline,
                Predicate<ImageBuild> done) {
            this.image = Objects.requireNonNull(image);
            this.source = Objects.requireNonNull(source);
            this.listener = Objects.requireNonNull(listener);
            this.startedAt = startedAt == null ? clock.instant() : startedAt;
            this.lastStatus = lastKnown;
            this.deadline = deadline;
            this.done = Objects.requireNonNull(done);
        }

        /**
         * Completes with the build in its terminal state, or exceptionally with an {@link ImageBuilderException}, or
         * with a {@link CancellationException} when the wait was cancelled or its scheduler shut down.
         */
        public CompletableFuture<ImageBuild> result() {
            return result;
        }

        /** The state last seen, or {@code null} before the first poll. */
        public synchronized ImageBuildStatus lastStatus() {
            return lastStatus;
        }

        /** How many GetImage calls this wait made. */
        public synchronized int polls() {
            return polls;
        }

        /** Stops polling; {@link #result()} completes with a {@link CancellationException}. */
        public void cancel() {
            synchronized (this) {
                if (next != null) {
                    next.cancel(false);
                }
            }
            result.cancel(false);
        }

        private void poll() {
            if (result.isDone()) {
                return;
            }
            try {
                pollOnce();
            } catch (RuntimeException e) {
                // A listener or the source failed unexpectedly: end the wait rather than leave it hanging.
                LOGGER.log(Level.WARNING, "Unexpected failure while polling " + image, e);
                fail(ImageBuilderErrors.waitFailure(
                        ImageBuilderException.Kind.UNEXPECTED,
                        image,
                        EngineMessage.WAIT_UNEXPECTED_FAILURE.format(
                                e.getClass().getSimpleName()),
                        e));
            }
        }

        private void pollOnce() {
            Instant now = clock.instant();
            if (deadline != null && !now.isBefore(deadline)) {
                fail(ImageBuilderErrors.waitFailure(
                        ImageBuilderException.Kind.WAIT_DEADLINE,
                        image,
                        EngineMessage.WAIT_DEADLINE.format(lastStatusText(), elapsedText(now)),
                        null));
                return;
            }
            ImageBuild build;
            try {
                synchronized (this) {
                    polls++;
                }
                build = source.fetch(image);
            } catch (ImageBuilderException e) {
                pollFailed(e);
                return;
            }
            ImageBuildStatus previous;
            boolean changed;
            Duration next;
            synchronized (this) {
                consecutiveFailures = 0;
                previous = lastStatus;
                changed = build.status() != previous;
                lastStatus = build.status();
                next = schedule.afterPoll(delay, changed);
            }
            if (changed) {
                listener.statusChanged(previous, build, Duration.between(startedAt, clock.instant()));
            }
            if (done.test(build)) {
                result.complete(build);
            } else {
                schedule(next);
            }
        }

        private void pollFailed(ImageBuilderException failure) {
            if (failure.kind() == ImageBuilderException.Kind.INTERRUPTED) {
                stoppedByShutdown();
                return;
            }
            if (!failure.isTransient()) {
                fail(failure);
                return;
            }
            int failures;
            Duration nextDelay;
            synchronized (this) {
                failures = ++consecutiveFailures;
                nextDelay = schedule.afterFailure(delay, failure.kind());
            }
            if (failures >= maxConsecutiveFailures) {
                fail(ImageBuilderErrors.waitFailure(
                        ImageBuilderException.Kind.WAIT_GAVE_UP,
                        image,
                        EngineMessage.WAIT_GAVE_UP.format(failures, failure.getMessage()),
                        failure));
                return;
            }
            listener.pollFailed(failure, failures, nextDelay);
            schedule(nextDelay);
        }

        /**
         * The scheduler is going away (its owner shuts down): the wait ends without a verdict, and whoever
         * resumes it later polls the same build again.
         */
        private void stoppedByShutdown() {
            result.cancel(false);
        }

        private void fail(ImageBuilderException failure) {
            result.completeExceptionally(failure);
        }

        private synchronized void schedule(Duration wanted) {
            if (result.isDone()) {
                return;
            }
            delay = wanted;
            Duration actual = wanted.isZero() ? wanted : schedule.jittered(wanted, random.getAsDouble());
            if (deadline != null) {
                Duration untilDeadline = Duration.between(clock.instant(), deadline);
                if (untilDeadline.compareTo(actual) < 0) {
                    actual = untilDeadline.isNegative() ? Duration.ZERO : untilDeadline;
                }
            }
            try {
                next = scheduler.schedule(this::handOver, actual.toNanos(), TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                stoppedByShutdown();
            }
        }

        /** On the scheduler's thread: hands the poll to the workers, and nothing more. */
        private void handOver() {
            try {
                workers.execute(this::poll);
            } catch (RejectedExecutionException e) {
                stoppedByShutdown();
            }
        }

        private String lastStatusText() {
            ImageBuildStatus status = lastStatus();
            return status == null ? "?" : status.name();
        }

        private String elapsedText(Instant now) {
            return Elapsed.format(Duration.between(startedAt, now));
        }
    }
}
