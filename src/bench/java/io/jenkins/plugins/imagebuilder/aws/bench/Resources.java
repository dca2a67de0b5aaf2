package io.jenkins.plugins.imagebuilder.aws.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

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

    /** Heap in use after garbage collection has settled, in bytes. */
    static long settledHeap() throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(100);
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
