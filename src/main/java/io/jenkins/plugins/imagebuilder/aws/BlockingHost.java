package io.jenkins.plugins.imagebuilder.aws;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * The host of a session whose caller waits for the outcome on its own thread, as a freestyle build's
 * executor does. Such a caller cannot resume after a restart, so nothing is kept. When the caller is
 * interrupted (the build is aborted), the session is stopped and the caller waits, whatever interrupts
 * it, until the image build was cancelled: not longer than a cancellation can take, and not once
 * Jenkins is stopping.
 */
public final class BlockingHost implements ImageBuildSession.Host {

    private static final long CANCEL_GRACE_NANOS = TimeUnit.MINUTES.toNanos(5);

    private final Consumer<String> log;
    private final Consumer<ImageBuildReport> reports;
    private final ScheduledExecutorService scheduler;
    private final Supplier<AwsCredentialsProvider> credentials;
    private final CompletableFuture<Object> outcome = new CompletableFuture<>();

    /** An expected failure: its message says what happened and what to do. */
    public static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;

        Failure(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * @param log where the build's log lines go
     * @param reports where the image build's state goes (the build page, the variables)
     * @param scheduler Jenkins' timer
     * @param credentials the step's credentials; throws {@link CredentialsUnavailableException} when there are none
     */
    public BlockingHost(
            Consumer<String> log,
            Consumer<ImageBuildReport> reports,
            ScheduledExecutorService scheduler,
            Supplier<AwsCredentialsProvider> credentials) {
        this.log = log;
        this.reports = reports;
        this.scheduler = scheduler;
        this.credentials = credentials;
    }

    /**
     * Runs the request's session to its end.
     *
     * @return the step's value
     * @throws Failure when the image build failed or could not be started
     * @throws InterruptedException when the caller was interrupted, after the session ended
     */
    public Object run(ImageBuildRequest request, ImageBuilderRuntime runtime) throws Failure, InterruptedException {
        ImageBuildSession session = new ImageBuildSession(request, new ImageBuildProgress(), runtime, this);
        session.start();
        try {
            return outcome.get();
        } catch (InterruptedException aborted) {
            session.stop(aborted);
            awaitEnd(runtime);
            throw aborted;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Failure) {
                throw (Failure) cause;
            }
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            if (cause instanceof Error) {
                throw (Error) cause;
            }
            throw new IllegalStateException(cause);
        }
    }

    private void awaitEnd(ImageBuilderRuntime runtime) {
        boolean interrupted = false;
        long end = System.nanoTime() + CANCEL_GRACE_NANOS;
        while (!outcome.isDone() && !runtime.isClosing() && System.nanoTime() < end) {
            try {
                outcome.get(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                interrupted = true;
            } catch (ExecutionException e) {
                break;
            } catch (TimeoutException e) {
                // look again
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Nothing to keep: such a caller does not survive a restart. */
    @Override
    public void persist() {}

    @Override
    public void log(String line) {
        log.accept(line);
    }

    @Override
    public void report(ImageBuildReport report) {
        reports.accept(report);
    }

    @Override
    public void succeeded(Object result) {
        outcome.complete(result);
    }

    @Override
    public void failed(String message) {
        outcome.completeExceptionally(new Failure(message));
    }

    @Override
    public void failed(Throwable cause) {
        outcome.completeExceptionally(cause);
    }

    @Override
    public ScheduledExecutorService scheduler() {
        return scheduler;
    }

    @Override
    public AwsCredentialsProvider credentials() {
        return credentials.get();
    }
}
