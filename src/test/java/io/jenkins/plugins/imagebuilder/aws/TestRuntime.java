package io.jenkins.plugins.imagebuilder.aws;

import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * The runtime the steps use (shared clients, bounded workers), with back-offs and polls short enough
 * for tests; closed after each test. Use it as a JUnit extension.
 */
final class TestRuntime implements AfterEachCallback {

    /** Retries as in production, with back-offs short enough for tests. */
    static final ClientSettings.Retries FAST_RETRIES =
            new ClientSettings.Retries(8, Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(50));

    static final PollSchedule FAST_POLLS =
            new PollSchedule(Duration.ofMillis(5), Duration.ofMillis(20), Duration.ofMillis(40), 1.5, 0.1);

    private ImageBuilderRuntime runtime;
    private ProxySettings proxy;

    /** The runtime, created at first use. */
    synchronized ImageBuilderRuntime runtime() {
        if (runtime == null) {
            runtime = new ImageBuilderRuntime(
                            new ImageBuilderAccess(this::proxy, () -> EngineFixtures.LOCAL),
                            java.util.concurrent.Executors.newFixedThreadPool(ImageBuilderRuntime.DEFAULT_WORKERS),
                            Clock.systemUTC())
                    .withPollSchedule(FAST_POLLS);
            runtime.access()
                    .withRetries(ImageBuilderAccess.Purpose.START, FAST_RETRIES)
                    .withRetries(ImageBuilderAccess.Purpose.CANCEL, FAST_RETRIES);
        }
        return runtime;
    }

    ImageBuilderAccess access() {
        return runtime().access();
    }

    /** Validates and starts, as a step does, with the endpoint's test key. */
    StartedImageBuild start(EngineFixtures.Launch launch) {
        return start(launch, EngineFixtures.testCredentials());
    }

    StartedImageBuild start(EngineFixtures.Launch launch, AwsCredentialsProvider credentials) {
        ImageBuildRequest request = launch.request();
        return gateway(ImageBuilderAccess.Purpose.START, request.region(), request.endpointUrl(), credentials)
                .start(request.startRequest());
    }

    /** A gateway with the endpoint's test key. */
    ImageBuilderGateway gateway(ImageBuilderAccess.Purpose purpose, LocalImageBuilderEndpoint endpoint, String region) {
        return gateway(purpose, AwsRegion.of(region), endpoint.url(), EngineFixtures.testCredentials());
    }

    ImageBuilderGateway gateway(
            ImageBuilderAccess.Purpose purpose,
            AwsRegion region,
            String endpointUrl,
            AwsCredentialsProvider credentials) {
        return access().gateway(purpose, region, endpointUrl, credentials);
    }

    /** Sends the calls made from now on through this proxy. */
    synchronized void proxy(ProxySettings proxy) {
        this.proxy = proxy;
    }

    private synchronized ProxySettings proxy() {
        return proxy;
    }

    @Override
    public synchronized void afterEach(ExtensionContext context) {
        if (runtime != null) {
            runtime.close();
            runtime = null;
        }
    }
}
