package io.jenkins.plugins.imagebuilder.aws.bench;

import io.jenkins.plugins.imagebuilder.aws.BuildFacts;
import io.jenkins.plugins.imagebuilder.aws.EndpointPolicy;
import io.jenkins.plugins.imagebuilder.aws.ImageBuildProgress;
import io.jenkins.plugins.imagebuilder.aws.ImageBuildRequest;
import io.jenkins.plugins.imagebuilder.aws.ImageBuildSession;
import io.jenkins.plugins.imagebuilder.aws.ImageBuilderRuntime;
import io.jenkins.plugins.imagebuilder.aws.LocalImageBuilderEndpoint;
import io.jenkins.plugins.imagebuilder.aws.StepOptions;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.imagebuilder.ImagebuilderClient;

/**
 * A harness for the cost of one StartImagePipelineExecution call the way the step makes it: options
 * validated into an {@link ImageBuildRequest} (ARN, region, 2 user tags and 3 traceability tags, the
 * token derived from the build), an {@link ImageBuildSession} started on the shared
 * {@link ImageBuilderRuntime} (its lane, its shared client, credentials per request), and the step's
 * value handed back; against the bare SDK call with one client, the same tags and a random token,
 * to the same local endpoint.
 *
 * <p>Warm: both in alternating blocks, in one JVM, after a warm-up; the figure is the median of the
 * per-round ratios, with its spread. First call: a fresh JVM for each, ten times each, timing the
 * first call with its class loading and client creation.
 */
public final class StartBenchmark {

    private static final String BUILD = "https://ci.example.com/job/images/job/web/42/@1764280000000";
    private static final Map<String, String> USER_TAGS = Map.of("team", "web", "build", "42");
    private static final Map<String, String> TRACEABILITY =
            Map.of("jenkins:job", "images/web", "jenkins:build", "42", "jenkins:url", BUILD);
    private static final int CALLS_PER_BLOCK = Integer.getInteger("start.callsPerBlock", 200);
    private static final int ROUNDS = Integer.getInteger("start.rounds", 40);
    private static final long WARM_UP_NANOS = Long.getLong("start.warmUpSeconds", 20) * 1_000_000_000L;
    private static final int FRESH_JVMS = Integer.getInteger("start.freshJvms", 10);

    private StartBenchmark() {}

    /** One start as the step makes it, or as the bare SDK does. */
    private interface Starter extends AutoCloseable {
        void start(int call) throws Exception;

        @Override
        default void close() {}
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("first-call")) {
            firstCall(args[1]);
            return;
        }
        warm();
        cold();
    }

    private static void warm() throws Exception {
        try (LocalImageBuilderEndpoint endpoint = LocalImageBuilderEndpoint.start();
                Starter plugin = pluginStarter(endpoint, endpoint.service().addPipeline("us-east-1", "web"));
                Starter bare = bareStarter(endpoint, endpoint.service().addPipeline("us-east-1", "api"));
                Starter handedOver =
                        handedOver(bareStarter(endpoint, endpoint.service().addPipeline("us-east-1", "db")))) {
            endpoint.keepRequestDetails(false);
            List<Starter> ways = List.of(plugin, bare, handedOver);
            Benchmarks.progress("start: warming up for %d s", WARM_UP_NANOS / 1_000_000_000L);
            long warmUntil = System.nanoTime() + WARM_UP_NANOS;
            int call = 0;
            while (System.nanoTime() < warmUntil) {
                for (Starter way : ways) {
                    call = block(way, call).calls;
                }
                endpoint.service().forgetImages();
            }
            List<List<Double>> micros = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
            List<Double> ratios = new ArrayList<>();
            List<Double> handOverRatios = new ArrayList<>();
            for (int round = 0; round < ROUNDS; round++) {
                if (round % 10 == 0) {
                    Benchmarks.progress(
                            "start: warm rounds %d-%d of %d", round + 1, Math.min(round + 10, ROUNDS), ROUNDS);
                }
                // Each round measures the three ways in another order, so that no way always comes first.
                double[] time = new double[3];
                for (int i = 0; i < 3; i++) {
                    int way = (round + i) % 3;
                    Block block = block(ways.get(way), call);
                    call = block.calls;
                    time[way] = block.microsPerCall;
                    micros.get(way).add(block.microsPerCall);
                }
                ratios.add(time[0] / time[1]);
                handOverRatios.add(time[0] / time[2]);
                endpoint.service().forgetImages();
            }
            Collections.sort(ratios);
            Collections.sort(handOverRatios);
            System.out.println(String.format(
                    Locale.ROOT,
                    "start (warm): plugin %.0f us/call, bare SDK %.0f us/call (medians of %d rounds of %d calls);"
                            + " ratio plugin/bare = %.3f (median of the rounds' ratios; 10th-90th percentile"
                            + " %.3f-%.3f)",
                    median(micros.get(0)),
                    median(micros.get(1)),
                    ROUNDS,
                    CALLS_PER_BLOCK,
                    median(ratios),
                    ratios.get(ROUNDS / 10),
                    ratios.get(ROUNDS - 1 - ROUNDS / 10)));
            System.out.println(String.format(
                    Locale.ROOT,
                    "  bare SDK call handed to a worker thread and back, as the step must (the Pipeline thread"
                            + " never blocks): %.0f us/call; ratio plugin/handed-over bare = %.3f (%.3f-%.3f)",
                    median(micros.get(2)),
                    median(handOverRatios),
                    handOverRatios.get(ROUNDS / 10),
                    handOverRatios.get(ROUNDS - 1 - ROUNDS / 10)));
        }
    }

    /** The same calls, each handed to one of as many worker threads as the plugin has, and waited for. */
    private static Starter handedOver(Starter bare) {
        ExecutorService workers = Executors.newFixedThreadPool(ImageBuilderRuntime.DEFAULT_WORKERS);
        return new Starter() {
            @Override
            public void start(int call) throws Exception {
                workers.submit(() -> {
                            bare.start(call);
                            return null;
                        })
                        .get(1, TimeUnit.MINUTES);
            }

            @Override
            public void close() {
                workers.shutdownNow();
                bare.close();
            }
        };
    }

    /** The first start of a fresh JVM, for each way, {@value #FRESH_JVMS} JVMs each. */
    private static void cold() throws Exception {
        List<Double> plugin = new ArrayList<>();
        List<Double> bare = new ArrayList<>();
        for (int i = 0; i < FRESH_JVMS; i++) {
            Benchmarks.progress("start: fresh JVMs, pair %d of %d", i + 1, FRESH_JVMS);
            plugin.add(freshJvm("plugin"));
            bare.add(freshJvm("bare"));
        }
        System.out.println(String.format(
                Locale.ROOT,
                "start (first call in a fresh JVM): plugin %.1f ms, bare SDK %.1f ms (medians of %d JVMs each);"
                        + " ratio plugin/bare = %.3f",
                median(plugin),
                median(bare),
                FRESH_JVMS,
                median(plugin) / median(bare)));
    }

    private static double freshJvm(String way) throws Exception {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        Process process = new ProcessBuilder(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        StartBenchmark.class.getName(),
                        "first-call",
                        way)
                .redirectErrorStream(true)
                .start();
        String result = null;
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith("first-call-ms ")) {
                    result = line.substring("first-call-ms ".length());
                }
            }
        }
        if (process.waitFor() != 0 || result == null) {
            throw new IllegalStateException("the fresh JVM for " + way + " failed");
        }
        return Double.parseDouble(result);
    }

    /** In a fresh JVM: times the first start, client creation and class loading included. */
    private static void firstCall(String way) throws Exception {
        try (LocalImageBuilderEndpoint endpoint = LocalImageBuilderEndpoint.start()) {
            String pipeline = endpoint.service().addPipeline("us-east-1", "web");
            long started = System.nanoTime();
            try (Starter starter =
                    way.equals("plugin") ? pluginStarter(endpoint, pipeline) : bareStarter(endpoint, pipeline)) {
                starter.start(0);
                double millis = (System.nanoTime() - started) / 1e6;
                System.out.println("first-call-ms " + millis);
            }
        }
    }

    private static Starter pluginStarter(LocalImageBuilderEndpoint endpoint, String pipeline) {
        ImageBuilderRuntime runtime = ImageBuilderRuntime.create(
                () -> null, () -> EndpointPolicy.allowing(endpoint.url()), ImageBuilderRuntime.DEFAULT_WORKERS);
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        StaticCredentialsProvider credentials = credentials();
        return new Starter() {
            @Override
            public void start(int call) throws Exception {
                ImageBuildRequest request = ImageBuildRequest.from(
                        StepOptions.start(pipeline).tags(USER_TAGS).endpointUrl(endpoint.url()),
                        BuildFacts.of(BUILD, String.valueOf(call))
                                .withTraceabilityTags(TRACEABILITY)
                                .allowingEndpoints(EndpointPolicy.allowing(endpoint.url())));
                BenchHost host = new BenchHost(timer, credentials, new CountDownLatch(1));
                new ImageBuildSession(request, new ImageBuildProgress(), runtime, host).start();
                host.outcome.get(1, TimeUnit.MINUTES);
            }

            @Override
            public void close() {
                runtime.close();
                timer.shutdownNow();
            }
        };
    }

    private static Starter bareStarter(LocalImageBuilderEndpoint endpoint, String pipeline) {
        Map<String, String> allTags = new LinkedHashMap<>(TRACEABILITY);
        allTags.putAll(USER_TAGS);
        ImagebuilderClient client = ImagebuilderClient.builder()
                .region(Region.US_EAST_1)
                .endpointOverride(URI.create(endpoint.url()))
                .credentialsProvider(credentials())
                .httpClientBuilder(ApacheHttpClient.builder())
                .build();
        return new Starter() {
            @Override
            public void start(int call) {
                client.startImagePipelineExecution(r -> r.imagePipelineArn(pipeline)
                        .clientToken(UUID.randomUUID().toString())
                        .tags(allTags));
            }

            @Override
            public void close() {
                client.close();
            }
        };
    }

    private static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(
                AwsBasicCredentials.create(LocalImageBuilderEndpoint.ACCESS_KEY, LocalImageBuilderEndpoint.SECRET_KEY));
    }

    /** The time of a block of calls, and the number of the next call. */
    private static final class Block {
        final double microsPerCall;
        final int calls;

        Block(double microsPerCall, int calls) {
            this.microsPerCall = microsPerCall;
            this.calls = calls;
        }
    }

    private static Block block(Starter starter, int firstCall) throws Exception {
        long start = System.nanoTime();
        for (int i = 0; i < CALLS_PER_BLOCK; i++) {
            starter.start(firstCall + i);
        }
        return new Block((System.nanoTime() - start) / 1000.0 / CALLS_PER_BLOCK, firstCall + CALLS_PER_BLOCK);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
