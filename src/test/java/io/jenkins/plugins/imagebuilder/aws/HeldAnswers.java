package io.jenkins.plugins.imagebuilder.aws;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Answers of one operation that {@link LocalImageBuilderEndpoint#hold} keeps back until {@link
 * #release()}: the calls were handled, their callers wait for the answer. For tests that need a
 * call in flight at a chosen moment (an abort during a start, a restart during a cancel).
 */
public final class HeldAnswers {

    private final Consumer<HeldAnswers> onRelease;
    private final List<Runnable> waiting = new ArrayList<>();
    private boolean released;

    HeldAnswers(Consumer<HeldAnswers> onRelease) {
        this.onRelease = onRelease;
    }

    /** @return false once released: the answer must go out now */
    synchronized boolean keep(Runnable answer) {
        if (released) {
            return false;
        }
        waiting.add(answer);
        notifyAll();
        return true;
    }

    /** How many answers are being held. */
    public synchronized int held() {
        return waiting.size();
    }

    /** Waits until at least {@code count} answers are held. */
    public synchronized void awaitHeld(int count, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (waiting.size() < count) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("only " + waiting.size() + " answers held, expected " + count);
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    /** Sends every answer held and stops holding. */
    public void release() {
        List<Runnable> answers;
        synchronized (this) {
            released = true;
            answers = new ArrayList<>(waiting);
            waiting.clear();
        }
        onRelease.accept(this);
        answers.forEach(Runnable::run);
    }
}
