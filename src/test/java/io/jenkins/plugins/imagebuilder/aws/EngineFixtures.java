package io.jenkins.plugins.imagebuilder.aws;

import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** Shared set-up of the engine's tests against the local endpoint. */
final class EngineFixtures {

    static final String BUILD_URL = "https://jenkins.example.com/job/images/job/web/42/@1764280000000";

    /** Endpoints on this machine, as an administrator of a test instance would allow them. */
    static final EndpointPolicy LOCAL = EndpointPolicy.allowing("http://127.0.0.1:*");

    /** Step "step-7" of build {@link #BUILD_URL}. */
    static final BuildFacts BUILD = BuildFacts.of(BUILD_URL, "step-7").allowingEndpoints(LOCAL);

    private EngineFixtures() {}

    static AwsCredentialsProvider testCredentials() {
        return StaticCredentialsProvider.create(
                AwsBasicCredentials.create(LocalImageBuilderEndpoint.ACCESS_KEY, LocalImageBuilderEndpoint.SECRET_KEY));
    }

    /** A step's start of a pipeline on the local endpoint, in build {@link #BUILD_URL}, step "step-7". */
    static Launch launch(LocalImageBuilderEndpoint endpoint, String pipelineArn) {
        return new Launch(StepOptions.start(pipelineArn).endpointUrl(endpoint.url()), BUILD);
    }

    /** What a step says and the build it runs in, changed fluently; {@link #request()} validates both. */
    static final class Launch {
        final StepOptions options;
        private BuildFacts build;

        Launch(StepOptions options, BuildFacts build) {
            this.options = options;
            this.build = build;
        }

        Launch tags(Map<String, String> tags) {
            options.tags(tags);
            return this;
        }

        Launch region(String region) {
            options.region(region);
            return this;
        }

        Launch clientToken(String token) {
            options.clientToken(token);
            return this;
        }

        Launch endpointUrl(String url) {
            options.endpointUrl(url);
            return this;
        }

        Launch arn(String arn) {
            options.arn(arn);
            return this;
        }

        /** Another build or another step: what the token is derived from. */
        Launch build(String tokenSeed, String discriminator) {
            build = BuildFacts.of(tokenSeed, discriminator)
                    .withTraceabilityTags(build.traceabilityTags())
                    .allowingEndpoints(LOCAL);
            return this;
        }

        Launch traceabilityTags(Map<String, String> tags) {
            build = build.withTraceabilityTags(tags);
            return this;
        }

        ImageBuildRequest request() {
            return ImageBuildRequest.from(options, build);
        }
    }
}
