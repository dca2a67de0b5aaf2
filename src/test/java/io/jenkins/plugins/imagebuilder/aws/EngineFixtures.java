package io.jenkins.plugins.imagebuilder.aws;

import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** Shared set-up of the engine's tests against the local endpoint. */
final class EngineFixtures {

    /** Retries as in production, with back-offs short enough for tests. */
    static final ClientSettings.Retries FAST_RETRIES =
            new ClientSettings.Retries(8, Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(50));

    static final String BUILD_URL = "https://jenkins.example.com/job/images/job/web/42/";

    private EngineFixtures() {}

    static AwsCredentialsProvider testCredentials() {
        return StaticCredentialsProvider.create(
                AwsBasicCredentials.create(LocalImageBuilderEndpoint.ACCESS_KEY, LocalImageBuilderEndpoint.SECRET_KEY));
    }

    /** A launch request for a pipeline on the local endpoint, with the token derived from a build. */
    static LaunchRequest launch(LocalImageBuilderEndpoint endpoint, String pipelineArn) {
        return new LaunchRequest(pipelineArn)
                .build(BUILD_URL, "step-7")
                .endpointUrl(endpoint.url())
                .retries(FAST_RETRIES);
    }

    /** Validates and starts, as the Jenkins steps do. */
    static StartedImageBuild start(LaunchRequest request, AwsCredentialsProvider credentials) {
        LaunchRequest.Launch launch = request.validate();
        try (ImageBuilderGateway gateway = ImageBuilderGateway.open(launch.settings(), credentials)) {
            return gateway.start(launch.startRequest());
        }
    }

    static StartedImageBuild start(LaunchRequest request) {
        return start(request, testCredentials());
    }
}
