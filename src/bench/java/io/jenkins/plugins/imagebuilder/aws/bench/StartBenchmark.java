package io.jenkins.plugins.imagebuilder.aws.bench;

import io.jenkins.plugins.imagebuilder.aws.ImageBuilderGateway;
import io.jenkins.plugins.imagebuilder.aws.LaunchRequest;
import io.jenkins.plugins.imagebuilder.aws.LocalImageBuilderEndpoint;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.imagebuilder.ImagebuilderClient;

/**
 * A harness for the cost of one warm StartImagePipelineExecution call through the engine (validation
 * of ARN, region, tags and token, traceability tags, token derivation, error translation, credentials
 * cache, bounded time limits) against the bare SDK call sending the same request to the same local
 * endpoint with a default client.
 *
 * <p>Client and endpoint share this JVM and its two cores, so run-to-run noise is larger than the
 * difference sought. The two are therefore measured in alternating blocks of calls, in one JVM, and
 * the figure is the median of the per-round ratios, with its spread.
 */
public final class StartBenchmark {

    private static final String BUILD_URL = "https://jenkins.example.com/job/images/job/web/42/";
    private static final Map<String, String> USER_TAGS = Map.of("team", "web", "build", "42");
    private static final Map<String, String> TRACEABILITY =
            Map.of("jenkins:job", "images/web", "jenkins:build", "42", "jenkins:url", BUILD_URL);
    private static final int CALLS_PER_BLOCK = Integer.getInteger("start.callsPerBlock", 200);
    private static final int ROUNDS = Integer.getInteger("start.rounds", 40);
    private static final long WARM_UP_NANOS = Long.getLong("start.warmUpSeconds", 20) * 1_000_000_000L;

    private StartBenchmark() {}

    public static void main(String[] args) throws Exception {
        try (LocalImageBuilderEndpoint endpoint = LocalImageBuilderEndpoint.start()) {
            String pipeline = endpoint.addPipeline("us-east-1", "web");
            endpoint.keepRequestDetails(false);
            StaticCredentialsProvider credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create(
                    LocalImageBuilderEndpoint.ACCESS_KEY, LocalImageBuilderEndpoint.SECRET_KEY));
            Map<String, String> allTags = new LinkedHashMap<>(TRACEABILITY);
            allTags.putAll(USER_TAGS);
            try (ImageBuilderGateway gateway = ImageBuilderGateway.open(
                            new LaunchRequest(pipeline)
                                    .build(BUILD_URL, "0")
                                    .endpointUrl(endpoint.url())
                                    .validate()
                                    .settings(),
                            credentials);
                    ImagebuilderClient bare = ImagebuilderClient.builder()
                            .region(Region.US_EAST_1)
                            .endpointOverride(URI.create(endpoint.url()))
                            .credentialsProvider(credentials)
                            .httpClientBuilder(ApacheHttpClient.builder())
                            .build()) {
                long[] call = {0};
                Runnable engineCall = () -> {
                    LaunchRequest.Launch launch = new LaunchRequest(pipeline)
                            .tags(USER_TAGS)
                            .traceabilityTags(TRACEABILITY)
                            .build(BUILD_URL, String.valueOf(++call[0]))
                            .endpointUrl(endpoint.url())
                            .validate();
                    gateway.start(launch.startRequest());
                };
                Runnable bareCall = () -> bare.startImagePipelineExecution(r -> r.imagePipelineArn(pipeline)
                        .clientToken(UUID.randomUUID().toString())
                        .tags(allTags));

                long warmUntil = System.nanoTime() + WARM_UP_NANOS;
                while (System.nanoTime() < warmUntil) {
                    block(engineCall);
                    block(bareCall);
                    endpoint.forgetImages();
                }
                List<Double> engineMicros = new ArrayList<>();
                List<Double> bareMicros = new ArrayList<>();
                List<Double> ratios = new ArrayList<>();
                for (int round = 0; round < ROUNDS; round++) {
                    double engine;
                    double plain;
                    if (round % 2 == 0) {
                        engine = block(engineCall);
                        plain = block(bareCall);
                    } else {
                        plain = block(bareCall);
                        engine = block(engineCall);
                    }
                    engineMicros.add(engine);
                    bareMicros.add(plain);
                    ratios.add(engine / plain);
                    endpoint.forgetImages();
                }
                Collections.sort(ratios);
                System.out.println(String.format(
                        Locale.ROOT,
                        "start: engine %.0f us/call, bare SDK %.0f us/call (medians of %d rounds of %d calls each);"
                                + " ratio engine/bare = %.3f (median of rounds; 10th-90th percentile %.3f-%.3f; target <= 1.10)",
                        median(engineMicros),
                        median(bareMicros),
                        ROUNDS,
                        CALLS_PER_BLOCK,
                        median(ratios),
                        ratios.get(ROUNDS / 10),
                        ratios.get(ROUNDS - 1 - ROUNDS / 10)));
            }
        }
    }

    /** Runs a block of calls; returns microseconds per call. */
    private static double block(Runnable call) {
        long start = System.nanoTime();
        for (int i = 0; i < CALLS_PER_BLOCK; i++) {
            call.run();
        }
        return (System.nanoTime() - start) / 1000.0 / CALLS_PER_BLOCK;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
