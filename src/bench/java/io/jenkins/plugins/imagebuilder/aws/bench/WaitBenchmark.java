package io.jenkins.plugins.imagebuilder.aws.bench;

import io.jenkins.plugins.imagebuilder.aws.BuildFacts;
import io.jenkins.plugins.imagebuilder.aws.EndpointPolicy;
import io.jenkins.plugins.imagebuilder.aws.FakeImageBuilder;
import io.jenkins.plugins.imagebuilder.aws.ImageBuildProgress;
import io.jenkins.plugins.imagebuilder.aws.ImageBuildRequest;
import io.jenkins.plugins.imagebuilder.aws.ImageBuildSession;
import io.jenkins.plugins.imagebuilder.aws.ImageBuildStatus;
import io.jenkins.plugins.imagebuilder.aws.ImageBuilderOperation;
import io.jenkins.plugins.imagebuilder.aws.ImageBuilderRuntime;
import io.jenkins.plugins.imagebuilder.aws.ImageLifecycle;
import io.jenkins.plugins.imagebuilder.aws.LocalImageBuilderEndpoint;
import io.jenkins.plugins.imagebuilder.aws.PollSchedule;
import io.jenkins.plugins.imagebuilder.aws.StepOptions;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.imagebuilder.ImagebuilderClient;

/**
 * A harness (it measures resources, not speed): 1,000 concurrent waits under 10 credentials,
 * through the plugin's own path, the {@link ImageBuilderRuntime} and one {@link ImageBuildSession}
 * per wait, as the steps run them, with a 10-thread scheduled pool standing in for Jenkins' timer and
 * a probe task on it every 100 ms. Once against the fast local endpoint, once with 2 s of latency on
 * every GetImage (answers delayed by the endpoint without a thread each). In the same run, the
 * baseline: a thread per wait that polls and sleeps, with a connection each.
 */
public final class WaitBenchmark {

    static final int WAITS = Integer.getInteger("wait.waits", 1000);
    static final int CREDENTIALS = 10;
    static final Duration PERIOD = Duration.ofSeconds(1);
    // Five states of two seconds: an image build is AVAILABLE after eight.
    static final Duration STATE = Duration.ofSeconds(2);
    static final int TIMER_THREADS = 10;
    static final long PROBE_MILLIS = 100;
    // Waits run before the heap is first measured, so that loading classes and the SDK's own tables is not counted.
    static final int WARM_UP_WAITS = 50;
    // Live-heap counts taken before the waits and while all are in flight; the figure uses their medians.
    static final int HEAP_SAMPLES = 5;

    private WaitBenchmark() {}

    /** What one variant measured. */
    static final class Figures {
        long latencyMillis;
        int done;
        double heapMb;
        double heapSpreadMb;
        long bytesPerWait;
        int threads;
        int connections;
        double getImagePerWaitPerPeriod;
        double probeLateP99Millis;
        double seconds;
    }

    public static void main(String[] args) throws Exception {
        for (String latency : System.getProperty("wait.latencies", "0,2000").split(",")) {
            run(Long.parseLong(latency.strip()));
        }
    }

    private static void run(long latencyMillis) throws Exception {
        try (LocalImageBuilderEndpoint endpoint = LocalImageBuilderEndpoint.start()) {
            FakeImageBuilder service = endpoint.service();
            String pipeline = service.addPipeline("us-east-1", "web");
            List<AwsCredentialsProvider> keys = new ArrayList<>();
            for (int i = 0; i < CREDENTIALS; i++) {
                String accessKey = String.format(Locale.ROOT, "AKIAWAITBENCH%07d", i);
                service.allowCredentials(accessKey, "secret-" + accessKey);
                keys.add(
                        StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, "secret-" + accessKey)));
            }
            endpoint.keepRequestDetails(false);
            endpoint.keepRequests(false, request -> {});
            service.lifecycle(ImageLifecycle.timed(
                    STATE,
                    ImageBuildStatus.PENDING,
                    ImageBuildStatus.BUILDING,
                    ImageBuildStatus.TESTING,
                    ImageBuildStatus.DISTRIBUTING,
                    ImageBuildStatus.AVAILABLE));
            List<String> images = startImages(endpoint, pipeline, keys, WAITS);
            List<String> warmUp = startImages(endpoint, pipeline, keys, WARM_UP_WAITS);

            endpoint.latency(ImageBuilderOperation.GET_IMAGE, Duration.ofMillis(latencyMillis));
            Benchmarks.progress("wait: %d waits, %d ms per GetImage: the plugin's path", WAITS, latencyMillis);
            Figures plugin =
                    measure(endpoint, images, warmUp, latencyMillis, timer -> pluginPath(endpoint, keys, timer));
            Benchmarks.progress("wait: %d waits, %d ms per GetImage: the baseline", WAITS, latencyMillis);
            Figures baseline =
                    measure(endpoint, images, warmUp, latencyMillis, timer -> threadPerWait(endpoint, keys.get(0)));

            System.out.println(String.format(
                    Locale.ROOT,
                    "wait-path: latency_ms=%d waits=%d done=%d heap_mb=%.2f (spread %.2f) bytes_per_wait=%d threads=%d"
                            + " connections=%d getimage_per_wait_per_period=%.2f probe_late_p99_ms=%.1f",
                    plugin.latencyMillis,
                    WAITS,
                    plugin.done,
                    plugin.heapMb,
                    plugin.heapSpreadMb,
                    plugin.bytesPerWait,
                    plugin.threads,
                    plugin.connections,
                    plugin.getImagePerWaitPerPeriod,
                    plugin.probeLateP99Millis));
            System.out.println(String.format(
                    Locale.ROOT,
                    "  baseline, thread per wait: latency_ms=%d waits=%d done=%d heap_mb=%.2f (spread %.2f) bytes_per_wait=%d"
                            + " threads=%d connections=%d getimage_per_wait_per_period=%.2f probe_late_p99_ms=%.1f",
                    baseline.latencyMillis,
                    WAITS,
                    baseline.done,
                    baseline.heapMb,
                    baseline.heapSpreadMb,
                    baseline.bytesPerWait,
                    baseline.threads,
                    baseline.connections,
                    baseline.getImagePerWaitPerPeriod,
                    baseline.probeLateP99Millis));
            System.out.println(String.format(
                    Locale.ROOT,
                    "  plugin/baseline: threads %d/%d, heap %.3f, connections %d/%d; all done in %.0f s / %.0f s",
                    plugin.threads,
                    baseline.threads,
                    plugin.heapMb / baseline.heapMb,
                    plugin.connections,
                    baseline.connections,
                    plugin.seconds,
                    baseline.seconds));
        }
    }

    /** Starts the image builds, through a runtime of their own that is gone before anything is measured. */
    private static List<String> startImages(
            LocalImageBuilderEndpoint endpoint, String pipeline, List<AwsCredentialsProvider> keys, int count)
            throws Exception {
        ScheduledExecutorService timer = Executors.newScheduledThreadPool(1);
        List<BenchHost> hosts = new ArrayList<>();
        try (ImageBuilderRuntime runtime = ImageBuilderRuntime.create(
                () -> null, () -> EndpointPolicy.allowing(endpoint.url()), ImageBuilderRuntime.DEFAULT_WORKERS)) {
            for (int i = 0; i < count; i++) {
                BenchHost host = new BenchHost(timer, keys.get(i % CREDENTIALS), new CountDownLatch(1));
                hosts.add(host);
                ImageBuildRequest request = ImageBuildRequest.from(
                        StepOptions.start(pipeline).endpointUrl(endpoint.url()),
                        build(endpoint, "https://ci.example.com/job/bake/1/@" + count, "start-" + i));
                new ImageBuildSession(request, new ImageBuildProgress(), runtime, host).start();
            }
            List<String> images = new ArrayList<>();
            for (BenchHost host : hosts) {
                images.add((String) host.outcome.get(5, TimeUnit.MINUTES));
            }
            return images;
        } finally {
            timer.shutdownNow();
        }
    }

    /** One way of waiting for many image builds, as the harness measures it. */
    private interface Way extends AutoCloseable {
        /** Starts a wait for each image; each completes with whether its image became AVAILABLE. */
        List<CompletableFuture<Boolean>> waitFor(List<String> images, String step, CountDownLatch seen);

        @Override
        void close();
    }

    /**
     * Measures one way of waiting, the same for the plugin's path and the baseline: waits for the warm-up images,
     * then for all images at once, sampling threads and connections throughout and the heap with all in flight.
     */
    private static Figures measure(
            LocalImageBuilderEndpoint endpoint,
            List<String> images,
            List<String> warmUp,
            long latency,
            Function<ScheduledExecutorService, Way> ways)
            throws Exception {
        ScheduledExecutorService timer = standInTimer();
        Probe probe = new Probe(timer);
        Figures figures = new Figures();
        try (Resources resources = new Resources(endpoint.port())) {
            try (Way way = ways.apply(timer)) {
                endpoint.service().restartLifecycles();
                joinAll(way.waitFor(warmUp, "warm-", new CountDownLatch(warmUp.size())));
                long[] before = Resources.liveHeapSamples(HEAP_SAMPLES, 200);
                long heapBefore = before[before.length / 2];
                PollLog polls = new PollLog(images);
                endpoint.keepRequests(false, polls);
                endpoint.service().restartLifecycles();
                long started = System.nanoTime();
                CountDownLatch seen = new CountDownLatch(images.size());
                List<CompletableFuture<Boolean>> results = way.waitFor(images, "wait-", seen);
                seen.await(60, TimeUnit.MINUTES);
                // All waits in flight: what they keep alive is the median count now less the one before them.
                long[] during = Resources.liveHeapSamples(HEAP_SAMPLES, 200);
                long kept = during[during.length / 2] - heapBefore;
                figures.heapMb = kept / 1024.0 / 1024.0;
                figures.heapSpreadMb = (during[during.length - 1] - during[0] + before[before.length - 1] - before[0])
                        / 1024.0
                        / 1024.0;
                figures.bytesPerWait = kept / images.size();
                joinAll(results);
                figures.seconds = (System.nanoTime() - started) / 1e9;
                figures.done =
                        (int) results.stream().filter(CompletableFuture::join).count();
                figures.getImagePerWaitPerPeriod = polls.pollsPerPeriod(PERIOD);
            }
            resources.close();
            figures.threads = resources.peakThreads();
            figures.connections = resources.peakConnections();
        } finally {
            figures.probeLateP99Millis = probe.stop();
            timer.shutdownNow();
        }
        figures.latencyMillis = latency;
        return figures;
    }

    private static void joinAll(List<CompletableFuture<Boolean>> results) throws Exception {
        CompletableFuture.allOf(results.toArray(new CompletableFuture<?>[0])).get(60, TimeUnit.MINUTES);
    }

    /** The plugin's path: a session per wait on one runtime, polling every period on the timer stand-in. */
    private static Way pluginPath(
            LocalImageBuilderEndpoint endpoint, List<AwsCredentialsProvider> keys, ScheduledExecutorService timer) {
        ImageBuilderRuntime runtime = ImageBuilderRuntime.create(
                        () -> null, () -> EndpointPolicy.allowing(endpoint.url()), ImageBuilderRuntime.DEFAULT_WORKERS)
                .withPollSchedule(new PollSchedule(PERIOD, PERIOD, PERIOD.multipliedBy(5), 1.0, 0.1));
        return new Way() {
            @Override
            public List<CompletableFuture<Boolean>> waitFor(List<String> images, String step, CountDownLatch seen) {
                return start(images, endpoint, runtime, timer, keys, step, seen).stream()
                        .map(host -> host.outcome.handle((result, failure) -> host.available()))
                        .collect(Collectors.toList());
            }

            @Override
            public void close() {
                runtime.close();
            }
        };
    }

    /** Starts a wait session for each image, as {@code waitForImage} does. */
    private static List<BenchHost> start(
            List<String> images,
            LocalImageBuilderEndpoint endpoint,
            ImageBuilderRuntime runtime,
            ScheduledExecutorService timer,
            List<AwsCredentialsProvider> keys,
            String step,
            CountDownLatch seen) {
        List<BenchHost> hosts = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            BenchHost host = new BenchHost(timer, keys.get(i % CREDENTIALS), seen);
            hosts.add(host);
            ImageBuildRequest request = ImageBuildRequest.from(
                    StepOptions.await(images.get(i)).endpointUrl(endpoint.url()),
                    build(endpoint, "https://ci.example.com/job/join/1/@1", step + i));
            new ImageBuildSession(request, new ImageBuildProgress(), runtime, host).start();
        }
        return hosts;
    }

    private static BuildFacts build(LocalImageBuilderEndpoint endpoint, String seed, String step) {
        return BuildFacts.of(seed, step).allowingEndpoints(EndpointPolicy.allowing(endpoint.url()));
    }

    /** The baseline: a thread per wait, polling and sleeping, with one client and a connection per wait. */
    private static Way threadPerWait(LocalImageBuilderEndpoint endpoint, AwsCredentialsProvider key) {
        ImagebuilderClient client = ImagebuilderClient.builder()
                .region(Region.US_EAST_1)
                .endpointOverride(URI.create(endpoint.url()))
                .credentialsProvider(key)
                .httpClientBuilder(ApacheHttpClient.builder().maxConnections(WAITS))
                .build();
        return new Way() {
            @Override
            public List<CompletableFuture<Boolean>> waitFor(List<String> images, String step, CountDownLatch seen) {
                return threadsPolling(client, images, seen);
            }

            @Override
            public void close() {
                client.close();
            }
        };
    }

    /** A thread per image build, polling it and sleeping a period in between, until it is done. */
    private static List<CompletableFuture<Boolean>> threadsPolling(
            ImagebuilderClient client, List<String> images, CountDownLatch seen) {
        List<CompletableFuture<Boolean>> results = new ArrayList<>();
        for (String image : images) {
            CompletableFuture<Boolean> result = new CompletableFuture<>();
            results.add(result);
            Thread thread = new Thread(
                    () -> {
                        boolean first = true;
                        try {
                            while (true) {
                                String status = client.getImage(r -> r.imageBuildVersionArn(image))
                                        .image()
                                        .state()
                                        .statusAsString();
                                if (first) {
                                    seen.countDown();
                                    first = false;
                                }
                                if (ImageBuildStatus.fromService(status).isTerminal()) {
                                    result.complete("AVAILABLE".equals(status));
                                    return;
                                }
                                Thread.sleep(PERIOD.toMillis());
                            }
                        } catch (Exception e) {
                            result.complete(false);
                        }
                    },
                    "wait " + image);
            thread.setDaemon(true);
            thread.start();
        }
        return results;
    }

    private static ScheduledExecutorService standInTimer() {
        return Executors.newScheduledThreadPool(TIMER_THREADS, runnable -> {
            Thread thread = new Thread(runnable, "timer stand-in");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** A task on the timer every 100 ms, as Jenkins' periodic work is; how late it ran, each time. */
    private static final class Probe {
        private final List<Long> lateness = Collections.synchronizedList(new ArrayList<>());
        private final long first;
        private final ScheduledFuture<?> task;
        private long runs;

        Probe(ScheduledExecutorService timer) {
            first = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(PROBE_MILLIS);
            task = timer.scheduleAtFixedRate(this::ran, PROBE_MILLIS, PROBE_MILLIS, TimeUnit.MILLISECONDS);
        }

        private synchronized void ran() {
            long due = first + TimeUnit.MILLISECONDS.toNanos(PROBE_MILLIS) * runs++;
            lateness.add(Math.max(0, System.nanoTime() - due));
        }

        /** Stops probing; returns the 99th percentile of the lateness, in milliseconds. */
        double stop() {
            task.cancel(false);
            List<Long> sorted;
            synchronized (lateness) {
                sorted = new ArrayList<>(lateness);
            }
            Collections.sort(sorted);
            return sorted.isEmpty() ? 0 : sorted.get((int) Math.floor(sorted.size() * 0.99)) / 1e6;
        }
    }
}
