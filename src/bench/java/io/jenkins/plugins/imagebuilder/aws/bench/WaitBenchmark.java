package io.jenkins.plugins.imagebuilder.aws.bench;

import io.jenkins.plugins.imagebuilder.aws.AwsRegion;
import io.jenkins.plugins.imagebuilder.aws.ClientSettings;
import io.jenkins.plugins.imagebuilder.aws.ImageBuild;
import io.jenkins.plugins.imagebuilder.aws.ImageBuildStatus;
import io.jenkins.plugins.imagebuilder.aws.ImageBuildVersionArn;
import io.jenkins.plugins.imagebuilder.aws.ImageBuildWatcher;
import io.jenkins.plugins.imagebuilder.aws.ImageBuilderGateway;
import io.jenkins.plugins.imagebuilder.aws.ImageBuilderOperation;
import io.jenkins.plugins.imagebuilder.aws.ImageLifecycle;
import io.jenkins.plugins.imagebuilder.aws.LaunchRequest;
import io.jenkins.plugins.imagebuilder.aws.LocalImageBuilderEndpoint;
import io.jenkins.plugins.imagebuilder.aws.PollSchedule;
import io.jenkins.plugins.imagebuilder.aws.RecordedRequest;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * A harness (not JMH: it measures resources, not speed): 1,000 concurrent waits for image builds
 * that each take {@value #BUILD_SECONDS} seconds on the local endpoint, polled every
 * {@value #PERIOD_MILLIS} ms. Once through the engine's watcher on a 2-thread scheduler, once with
 * a thread per wait that sleeps between polls (what other plugins do), in the same JVM and run.
 * Reports the threads each needs, the heap that 1,000 waits in flight hold, and GetImage calls.
 */
public final class WaitBenchmark {

    static final int WAITS = 1000;
    static final int BUILD_SECONDS = 10;
    static final int PERIOD_MILLIS = 1000;
    private static final int SCHEDULER_THREADS = 2;

    private WaitBenchmark() {}

    /** What one variant measured. */
    static final class Figures {
        String name;
        int extraThreads;
        double heapMb;
        double getImagePerWait;
        double getImagePerWaitPerPeriod;
        double minGapMillis;
        double seconds;
        int succeeded;

        @Override
        public String toString() {
            return String.format(
                    Locale.ROOT,
                    "%-16s threads +%4d | heap held by %d waits %6.2f MB | GetImage/wait %5.2f | per wait per period %4.2f"
                            + " | min gap between polls of one image %6.0f ms | %5.1f s | %d/%d AVAILABLE",
                    name,
                    extraThreads,
                    WAITS,
                    heapMb,
                    getImagePerWait,
                    getImagePerWaitPerPeriod,
                    minGapMillis,
                    seconds,
                    succeeded,
                    WAITS);
        }
    }

    public static void main(String[] args) throws Exception {
        try (LocalImageBuilderEndpoint endpoint = LocalImageBuilderEndpoint.start()) {
            String pipeline = endpoint.addPipeline("us-east-1", "web");
            endpoint.keepRequestDetails(false);
            StaticCredentialsProvider credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create(
                    LocalImageBuilderEndpoint.ACCESS_KEY, LocalImageBuilderEndpoint.SECRET_KEY));
            ClientSettings settings =
                    ClientSettings.forRegion(AwsRegion.of("us-east-1")).withEndpoint(endpoint.url());
            try (ImageBuilderGateway starter = ImageBuilderGateway.open(settings, credentials);
                    ImageBuilderGateway poller =
                            ImageBuilderGateway.open(settings.withRetries(ClientSettings.NO_RETRIES), credentials)) {
                endpoint.lifecycle(ImageLifecycle.timed(
                        Duration.ofMillis(BUILD_SECONDS * 1000L / 5),
                        ImageBuildStatus.PENDING,
                        ImageBuildStatus.BUILDING,
                        ImageBuildStatus.TESTING,
                        ImageBuildStatus.DISTRIBUTING,
                        ImageBuildStatus.AVAILABLE));
                warmUp(endpoint, starter, poller, pipeline);

                List<Figures> figures = new ArrayList<>();
                figures.add(measure(
                        "engine watcher",
                        endpoint,
                        starter,
                        pipeline,
                        "a",
                        images -> watchOnScheduler(images, poller)));
                figures.add(measure(
                        "thread per wait", endpoint, starter, pipeline, "b", images -> threadPerWait(images, poller)));
                System.out.println();
                figures.forEach(System.out::println);
                Figures engine = figures.get(0);
                Figures baseline = figures.get(1);
                System.out.println(String.format(
                        Locale.ROOT,
                        "wait: threads engine/baseline = %d/%d, heap engine/baseline = %.2f, GetImage per wait engine/baseline = %.2f",
                        engine.extraThreads,
                        baseline.extraThreads,
                        engine.heapMb / baseline.heapMb,
                        engine.getImagePerWait / baseline.getImagePerWait));
            }
        }
    }

    /** Something that waits for all the images and tells when all are in flight. */
    interface Waiter {
        Running start(List<ImageBuildVersionArn> images) throws Exception;
    }

    /** Waits in flight: a latch that opens when every wait polled once, and the results. */
    static final class Running {
        final CountDownLatch allPolledOnce;
        final List<CompletableFuture<ImageBuild>> results;
        final AutoCloseable cleanUp;

        Running(CountDownLatch allPolledOnce, List<CompletableFuture<ImageBuild>> results, AutoCloseable cleanUp) {
            this.allPolledOnce = allPolledOnce;
            this.results = results;
            this.cleanUp = cleanUp;
        }
    }

    private static Running watchOnScheduler(List<ImageBuildVersionArn> images, ImageBuilderGateway poller) {
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(SCHEDULER_THREADS);
        PollSchedule everyPeriod = new PollSchedule(
                Duration.ofMillis(PERIOD_MILLIS),
                Duration.ofMillis(PERIOD_MILLIS),
                Duration.ofMillis(PERIOD_MILLIS * 5L),
                1.0,
                0.1);
        ImageBuildWatcher watcher = new ImageBuildWatcher(scheduler, Clock.systemUTC(), everyPeriod, 10);
        CountDownLatch polled = new CountDownLatch(images.size());
        List<CompletableFuture<ImageBuild>> results = new ArrayList<>();
        for (ImageBuildVersionArn image : images) {
            results.add(watcher.watch(
                            image,
                            poller::getImage,
                            new ImageBuildWatcher.Listener() {
                                @Override
                                public void statusChanged(
                                        ImageBuildStatus previous, ImageBuild current, Duration elapsed) {
                                    if (previous == null) {
                                        polled.countDown();
                                    }
                                }
                            },
                            Instant.now(),
                            null,
                            null)
                    .result());
        }
        return new Running(polled, results, scheduler::shutdownNow);
    }

    private static Running threadPerWait(List<ImageBuildVersionArn> images, ImageBuilderGateway poller) {
        CountDownLatch polled = new CountDownLatch(images.size());
        List<CompletableFuture<ImageBuild>> results = new ArrayList<>();
        for (ImageBuildVersionArn image : images) {
            CompletableFuture<ImageBuild> result = new CompletableFuture<>();
            results.add(result);
            Thread thread = new Thread(
                    () -> {
                        boolean first = true;
                        try {
                            while (true) {
                                ImageBuild build = poller.getImage(image);
                                if (first) {
                                    polled.countDown();
                                    first = false;
                                }
                                if (build.status().isTerminal()) {
                                    result.complete(build);
                                    return;
                                }
                                Thread.sleep(PERIOD_MILLIS);
                            }
                        } catch (Exception e) {
                            result.completeExceptionally(e);
                        }
                    },
                    "wait-" + image.buildNumber());
            thread.setDaemon(true);
            thread.start();
        }
        return new Running(polled, results, () -> {});
    }

    private static Figures measure(
            String name,
            LocalImageBuilderEndpoint endpoint,
            ImageBuilderGateway starter,
            String pipeline,
            String run,
            Waiter waiter)
            throws Exception {
        List<ImageBuildVersionArn> images = new ArrayList<>();
        for (int i = 0; i < WAITS; i++) {
            images.add(starter.start(new LaunchRequest(pipeline)
                            .build("https://ci/" + run, String.valueOf(i))
                            .endpointUrl(endpoint.url())
                            .validate()
                            .startRequest())
                    .imageBuildVersionArn());
        }
        endpoint.clearRequests();
        endpoint.restartLifecycles();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long heapBefore = settledHeap(memory);
        int threadsBefore = threads.getThreadCount();
        threads.resetPeakThreadCount();
        long started = System.nanoTime();

        Running running = waiter.start(images);
        running.allPolledOnce.await(60, TimeUnit.SECONDS);
        long heapInFlight = settledHeap(memory);
        CompletableFuture.allOf(running.results.toArray(new CompletableFuture<?>[0]))
                .get(10L * BUILD_SECONDS, TimeUnit.SECONDS);
        double seconds = (System.nanoTime() - started) / 1e9;
        int peakThreads = threads.getPeakThreadCount();
        running.cleanUp.close();

        Figures figures = new Figures();
        figures.name = name;
        figures.extraThreads = peakThreads - threadsBefore;
        figures.heapMb = (heapInFlight - heapBefore) / 1024.0 / 1024.0;
        List<RecordedRequest> polls = endpoint.requests(ImageBuilderOperation.GET_IMAGE);
        figures.getImagePerWait = polls.size() / (double) WAITS;
        figures.getImagePerWaitPerPeriod = pollsPerPeriod(polls);
        figures.minGapMillis = minGapBetweenPollsOfOneImage(polls);
        figures.seconds = seconds;
        figures.succeeded = (int) running.results.stream()
                .filter(f -> f.join().status().isSuccess())
                .count();
        return figures;
    }

    /**
     * GetImage calls per wait per poll period: for each wait, the calls after its first divided by the
     * periods between its first and last call, averaged over the waits.
     */
    private static double pollsPerPeriod(List<RecordedRequest> polls) {
        double sum = 0;
        int counted = 0;
        for (List<Long> times : pollTimesByImage(polls).values()) {
            if (times.size() > 1) {
                double periods = (times.get(times.size() - 1) - times.get(0)) / 1e6 / PERIOD_MILLIS;
                sum += (times.size() - 1) / periods;
                counted++;
            }
        }
        return counted == 0 ? 0 : sum / counted;
    }

    private static Map<String, List<Long>> pollTimesByImage(List<RecordedRequest> polls) {
        Map<String, List<Long>> byImage = polls.stream()
                .collect(Collectors.groupingBy(
                        r -> r.query().get("imageBuildVersionArn"),
                        HashMap::new,
                        Collectors.mapping(RecordedRequest::receivedNanos, Collectors.toList())));
        byImage.values().forEach(times -> times.sort(null));
        return byImage;
    }

    private static double minGapBetweenPollsOfOneImage(List<RecordedRequest> polls) {
        long min = Long.MAX_VALUE;
        for (List<Long> times : pollTimesByImage(polls).values()) {
            for (int i = 1; i < times.size(); i++) {
                min = Math.min(min, times.get(i) - times.get(i - 1));
            }
        }
        return min / 1e6;
    }

    /** Heap in use after garbage collection has settled. */
    private static long settledHeap(MemoryMXBean memory) throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(100);
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    private static void warmUp(
            LocalImageBuilderEndpoint endpoint,
            ImageBuilderGateway starter,
            ImageBuilderGateway poller,
            String pipeline)
            throws Exception {
        // Fill the endpoint's worker pool and warm the code paths, so that neither counts below.
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 64; t++) {
            int n = t;
            Thread thread = new Thread(() -> {
                for (int i = 0; i < 20; i++) {
                    ImageBuildVersionArn image = starter.start(new LaunchRequest(pipeline)
                                    .build("https://ci/warm", n + "-" + i)
                                    .endpointUrl(endpoint.url())
                                    .validate()
                                    .startRequest())
                            .imageBuildVersionArn();
                    poller.getImage(image);
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
    }
}
