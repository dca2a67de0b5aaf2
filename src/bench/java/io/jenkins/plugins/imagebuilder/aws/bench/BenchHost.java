package io.jenkins.plugins.imagebuilder.aws.bench;

import io.jenkins.plugins.imagebuilder.aws.ImageBuildReport;
import io.jenkins.plugins.imagebuilder.aws.ImageBuildSession;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * What a step is to a session, reduced to what a measurement needs: the timer, the credentials,
 * the outcome, and a latch that opens when the session first saw the image's state.
 */
final class BenchHost implements ImageBuildSession.Host {

    final CompletableFuture<Object> outcome = new CompletableFuture<>();
    private final ScheduledExecutorService timer;
    private final AwsCredentialsProvider credentials;
    private final CountDownLatch firstState;
    private boolean seen;

    BenchHost(ScheduledExecutorService timer, AwsCredentialsProvider credentials, CountDownLatch firstState) {
        this.timer = timer;
        this.credentials = credentials;
        this.firstState = firstState;
    }

    /** Whether the session ended with the image available. */
    boolean available() {
        Object result = outcome.getNow(null);
        return result instanceof Map && "AVAILABLE".equals(((Map<?, ?>) result).get("status"));
    }

    @Override
    public void persist() {}

    @Override
    public void log(String line) {}

    @Override
    public synchronized void report(ImageBuildReport report) {
        if (report.status() != null && !seen) {
            seen = true;
            firstState.countDown();
        }
    }

    @Override
    public void succeeded(Object result) {
        outcome.complete(result);
    }

    @Override
    public void failed(String message) {
        outcome.completeExceptionally(new IllegalStateException(message));
    }

    @Override
    public void failed(Throwable cause) {
        outcome.completeExceptionally(cause);
    }

    @Override
    public ScheduledExecutorService scheduler() {
        return timer;
    }

    @Override
    public AwsCredentialsProvider credentials() {
        return credentials;
    }
}
