package io.jenkins.plugins.imagebuilder.aws.bench;

/** Runs the benchmarks named by {@code -Dbench=all|start|wait}; each prints its ratio to its baseline. */
public final class Benchmarks {

    private Benchmarks() {}

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
