package io.jenkins.plugins.imagebuilder.aws.bench;

import java.util.Locale;

/** Runs the benchmarks named by {@code -Dbench=all|start|wait}; each prints its ratio to its baseline. */
public final class Benchmarks {

    private static final long STARTED = System.nanoTime();

    private Benchmarks() {}

    /** A line on standard error that says where a long run is, with the time since it began. */
    static void progress(String format, Object... arguments) {
        System.err.printf(
                Locale.ROOT,
                "[%4d s] %s%n",
                (System.nanoTime() - STARTED) / 1_000_000_000L,
                String.format(Locale.ROOT, format, arguments));
    }

    public static void main(String[] args) throws Exception {
        String which = System.getProperty("bench", "all");
        if (which.equals("all") || which.equals("start")) {
            StartBenchmark.main(args);
        }
        if (which.equals("all") || which.equals("wait")) {
            WaitBenchmark.main(args);
        }
    }
}
