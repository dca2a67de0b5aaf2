package io.jenkins.plugins.imagebuilder.aws;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * When {@link LocalImageBuilderEndpoint} sends an answer: now, after a latency, or when a hold is
 * released. One timer thread sends the delayed ones, so that a thousand slow calls wait at once
 * without a thread each.
 */
final class AnswerTiming implements AutoCloseable {

    private ScheduledExecutorService timer;
    private final Map<ImageBuilderOperation, HeldAnswers> holds = new EnumMap<>(ImageBuilderOperation.class);
    private final Map<ImageBuilderOperation, Duration> latencies = new ConcurrentHashMap<>();
    private volatile Duration latency = Duration.ZERO;

    /** Starts the timer: with the endpoint, which may be started again after it was closed. */
    synchronized void start() {
        if (timer == null) {
            timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "local Image Builder answers");
                thread.setDaemon(true);
                return thread;
            });
        }
    }

    void latency(Duration latency) {
        this.latency = latency;
    }

    void latency(ImageBuilderOperation operation, Duration latency) {
        latencies.put(operation, latency);
    }

    HeldAnswers hold(ImageBuilderOperation operation) {
        HeldAnswers hold = new HeldAnswers(released -> {
            synchronized (holds) {
                holds.remove(operation, released);
            }
        });
        synchronized (holds) {
            holds.put(operation, hold);
        }
        return hold;
    }

    /** Sends the answer of a call of {@code operation} (null: an unknown one) when it is due. */
    void send(ImageBuilderOperation operation, Runnable answer) {
        HeldAnswers hold;
        synchronized (holds) {
            hold = operation == null ? null : holds.get(operation);
        }
        if (hold != null && hold.keep(answer)) {
            return;
        }
        Duration delay = operation == null ? latency : latencies.getOrDefault(operation, latency);
        if (delay.isZero()) {
            answer.run();
        } else {
            synchronized (this) {
                timer.schedule(answer, delay.toNanos(), TimeUnit.NANOSECONDS);
            }
        }
    }

    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }
}
