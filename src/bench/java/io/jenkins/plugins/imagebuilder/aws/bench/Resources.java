package io.jenkins.plugins.imagebuilder.aws.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import javax.management.ObjectName;

/**
 * Samples what a measurement holds, every few milliseconds on a thread of its own: the threads added
 * since it began (but those of the local endpoint, the stand-in timer and its own), and the TCP
 * connections open at the endpoint's port, read from the kernel's table (Linux).
 */
final class Resources implements AutoCloseable {

    /** Threads that belong to the measurement's set-up, not to what is measured. */
    static final List<String> NOT_MEASURED = List.of("local Image Builder", "timer stand-in", "resource sampler");

    private final Set<Long> before;
    private final int port;
    private final AtomicInteger peakThreads = new AtomicInteger();
    private final AtomicInteger peakConnections = new AtomicInteger();
    private final Thread sampler;
    private volatile boolean running = true;

    Resources(int endpointPort) {
        this.port = endpointPort;
        this.before =
                Thread.getAllStackTraces().keySet().stream().map(Thread::getId).collect(Collectors.toSet());
        sampler = new Thread(this::sample, "resource sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    private void sample() {
        while (running) {
            long added = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.isAlive() && !before.contains(t.getId()))
                    .filter(t -> NOT_MEASURED.stream().noneMatch(t.getName()::startsWith))
                    .count();
            peakThreads.accumulateAndGet((int) added, Math::max);
            peakConnections.accumulateAndGet(connections(), Math::max);
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Established connections whose local port is the endpoint's: one per client connection. */
    private int connections() {
        String local = String.format(Locale.ROOT, ":%04X ", port);
        int count = 0;
        for (String table : new String[] {"/proc/net/tcp", "/proc/net/tcp6"}) {
            try {
                for (String line : Files.readAllLines(Path.of(table))) {
                    String[] fields = line.trim().split("\\s+");
                    if (fields.length > 3 && (fields[1] + " ").endsWith(local) && "01".equals(fields[3])) {
                        count++;
                    }
                }
            } catch (IOException e) {
                return -1;
            }
        }
        return count;
    }

    int peakThreads() {
        return peakThreads.get();
    }

    int peakConnections() {
        return peakConnections.get();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        sampler.join();
    }

    /**
     * The bytes of all live objects, as the JVM's own class histogram counts them after a full collection: no
     * garbage and no free space in the count, unlike the heap's "used" figure, whose noise is larger than what a
     * thousand waits keep.
     */
    static long liveHeap() throws Exception {
        String histogram = (String) ManagementFactory.getPlatformMBeanServer()
                .invoke(
                        new ObjectName("com.sun.management:type=DiagnosticCommand"),
                        "gcClassHistogram",
                        new Object[] {new String[0]},
                        new String[] {String[].class.getName()});
        for (String line : histogram.split("\\R")) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length == 3 && fields[0].equals("Total")) {
                return Long.parseLong(fields[2]);
            }
        }
        throw new IllegalStateException("no total in the class histogram");
    }

    /** The median of {@code samples} live-heap counts taken {@code apart} milliseconds apart, with their spread. */
    static long[] liveHeapSamples(int samples, long apart) throws Exception {
        long[] counts = new long[samples];
        for (int i = 0; i < samples; i++) {
            if (i > 0) {
                Thread.sleep(apart);
            }
            counts[i] = liveHeap();
        }
        java.util.Arrays.sort(counts);
        return counts;
    }
}
