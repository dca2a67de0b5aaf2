package io.jenkins.plugins.imagebuilder.aws;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * A host as a step would be: it records what the session tells it and, like Pipeline, keeps the
 * progress by serializing it each time it is asked to. Once it {@link #crash()}es it hears nothing
 * more, as a controller that went down.
 */
final class RecordingHost implements ImageBuildSession.Host {

    /** One outcome: a value, an expected failure's message, or a cause. */
    static final class Outcome {
        final Object value;
        final String message;
        final Throwable cause;

        Outcome(Object value, String message, Throwable cause) {
            this.value = value;
            this.message = message;
            this.cause = cause;
        }

        boolean succeeded() {
            return message == null && cause == null;
        }

        @Override
        public String toString() {
            return succeeded() ? "succeeded " + value : message != null ? "failed: " + message : "failed by " + cause;
        }
    }

    /** What a step keeps across a restart: the request and the progress, as serialized bytes. */
    static final class Saved {
        private final byte[] bytes;

        Saved(ImageBuildRequest request, ImageBuildProgress progress) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (ObjectOutputStream objects = new ObjectOutputStream(out)) {
                objects.writeObject(request);
                objects.writeObject(progress);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            this.bytes = out.toByteArray();
        }

        /** The request and the progress as read back after a restart. */
        Object[] restore() {
            try (ObjectInputStream objects = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
                return new Object[] {objects.readObject(), objects.readObject()};
            } catch (IOException | ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
        }

        String text() {
            return new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
        }
    }

    final List<String> lines = new CopyOnWriteArrayList<>();
    final List<ImageBuildReport> reports = new CopyOnWriteArrayList<>();
    final List<Outcome> outcomes = new CopyOnWriteArrayList<>();
    final List<Saved> saves = new CopyOnWriteArrayList<>();
    private final ImageBuildRequest request;
    private final ImageBuildProgress progress;
    private final ScheduledExecutorService timer;
    private final Runnable crash;
    private final CountDownLatch settled = new CountDownLatch(1);
    private volatile Supplier<AwsCredentialsProvider> credentials = EngineFixtures::testCredentials;
    private volatile Predicate<ImageBuildProgress> crashWhen = progress -> false;
    private volatile boolean dead;

    RecordingHost(
            ImageBuildRequest request, ImageBuildProgress progress, ScheduledExecutorService timer, Runnable crash) {
        this.request = request;
        this.progress = progress;
        this.timer = timer;
        this.crash = crash;
    }

    /** Crashes the controller right after the progress that matches was saved. */
    RecordingHost crashWhen(Predicate<ImageBuildProgress> when) {
        this.crashWhen = when;
        return this;
    }

    /** Where the step's credentials come from; it throws when the build has none. */
    RecordingHost credentials(Supplier<AwsCredentialsProvider> credentials) {
        this.credentials = credentials;
        return this;
    }

    /** The controller goes down. */
    void crash() {
        crash.run();
    }

    /** From now on this host hears nothing more. */
    void die() {
        dead = true;
    }

    boolean crashed() {
        return dead;
    }

    /** The last state saved, as a restarted controller finds it. */
    Saved lastSaved() {
        return saves.get(saves.size() - 1);
    }

    /** Waits for the outcome, then a little more to catch a second one that must not come. */
    Outcome outcome() throws InterruptedException {
        firstOutcome();
        Thread.sleep(100);
        if (outcomes.size() != 1) {
            throw new AssertionError("exactly one outcome expected: " + outcomes);
        }
        return outcomes.get(0);
    }

    /** Waits for the outcome, for the many sessions of one test. */
    Outcome firstOutcome() throws InterruptedException {
        if (!settled.await(20, TimeUnit.SECONDS)) {
            throw new AssertionError("no outcome; log: " + lines);
        }
        return outcomes.get(0);
    }

    /** Waits until a line containing {@code text} was logged. */
    void awaitLine(String text) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (lines.stream().noneMatch(line -> line.contains(text))) {
            if (System.nanoTime() > end) {
                throw new AssertionError("no line with \"" + text + "\" in " + lines);
            }
            Thread.sleep(5);
        }
    }

    long count(String text) {
        return lines.stream().filter(line -> line.contains(text)).count();
    }

    @Override
    public void persist() {
        if (dead) {
            return;
        }
        saves.add(new Saved(request, progress));
        if (crashWhen.test(progress)) {
            crash();
        }
    }

    @Override
    public void log(String line) {
        if (!dead) {
            lines.add(line);
        }
    }

    @Override
    public void report(ImageBuildReport report) {
        if (!dead) {
            reports.add(report);
        }
    }

    @Override
    public void succeeded(Object result) {
        settle(new Outcome(result, null, null));
    }

    @Override
    public void failed(String message) {
        settle(new Outcome(null, message, null));
    }

    @Override
    public void failed(Throwable cause) {
        settle(new Outcome(null, null, cause));
    }

    private void settle(Outcome outcome) {
        if (!dead) {
            outcomes.add(outcome);
            settled.countDown();
        }
    }

    @Override
    public ScheduledExecutorService scheduler() {
        return timer;
    }

    @Override
    public AwsCredentialsProvider credentials() {
        return credentials.get();
    }
}
