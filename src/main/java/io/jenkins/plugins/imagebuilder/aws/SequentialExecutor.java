package io.jenkins.plugins.imagebuilder.aws;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs tasks one at a time, in the order given, on a shared pool's threads without holding one
 * while idle. What one image build session decides is decided in order, so its state needs no locks
 * and no two of its events can race.
 */
final class SequentialExecutor implements Executor {

    private static final Logger LOGGER = Logger.getLogger(SequentialExecutor.class.getName());

    private final Executor pool;
    private final Queue<Runnable> tasks = new ArrayDeque<>(4);
    private boolean draining;

    SequentialExecutor(Executor pool) {
        this.pool = pool;
    }

    /** @throws RejectedExecutionException when the pool has shut down (Jenkins is stopping) */
    @Override
    public void execute(Runnable task) {
        synchronized (this) {
            tasks.add(task);
            if (draining) {
                return;
            }
            draining = true;
        }
        try {
            pool.execute(this::drain);
        } catch (RejectedExecutionException e) {
            synchronized (this) {
                tasks.clear();
                draining = false;
            }
            throw e;
        }
    }

    private void drain() {
        while (true) {
            Runnable task;
            synchronized (this) {
                task = tasks.poll();
                if (task == null) {
                    draining = false;
                    return;
                }
            }
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                LOGGER.log(Level.WARNING, "A task of an image build session failed", e);
            }
        }
    }
}
