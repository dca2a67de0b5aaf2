package io.jenkins.plugins.imagebuilder.aws;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A request to start a pipeline as the user wrote it, before validation: the Jenkins steps fill one
 * in and {@link #validate()} turns it into a {@link Launch} or one {@link InvalidInputException}
 * that lists every problem, before anything is sent to AWS.
 */
public final class LaunchRequest {

    private String pipelineArn;
    private String region;
    private Map<String, String> tags = Map.of();
    private Map<String, String> traceabilityTags = Map.of();
    private String clientToken;
    private String buildUrl;
    private String discriminator;
    private String endpointUrl;
    private ProxySettings proxy;
    private ClientSettings.Retries retries = ClientSettings.STANDARD_RETRIES;

    public LaunchRequest(String pipelineArn) {
        this.pipelineArn = pipelineArn;
    }

    /** The region to call; optional, and when given it must be the ARN's. */
    public LaunchRequest region(String region) {
        this.region = region;
        return this;
    }

    public LaunchRequest tags(Map<String, String> tags) {
        this.tags = tags == null ? Map.of() : new LinkedHashMap<>(tags);
        return this;
    }

    /** Tags naming the Jenkins job and build; the user's own tags win over them. */
    public LaunchRequest traceabilityTags(Map<String, String> traceabilityTags) {
        this.traceabilityTags = traceabilityTags == null ? Map.of() : new LinkedHashMap<>(traceabilityTags);
        return this;
    }

    /** A token the user chose; when absent, one is derived from {@link #build(String, String)}. */
    public LaunchRequest clientToken(String clientToken) {
        this.clientToken = clientToken;
        return this;
    }

    /** What the token is derived from: see {@link ClientToken#derive(String, String)}. */
    public LaunchRequest build(String buildUrl, String discriminator) {
        this.buildUrl = buildUrl;
        this.discriminator = discriminator;
        return this;
    }

    public LaunchRequest endpointUrl(String endpointUrl) {
        this.endpointUrl = endpointUrl;
        return this;
    }

    public LaunchRequest proxy(ProxySettings proxy) {
        this.proxy = proxy;
        return this;
    }

    public LaunchRequest retries(ClientSettings.Retries retries) {
        this.retries = retries;
        return this;
    }

    /**
     * Checks everything that can be checked without AWS.
     *
     * @throws InvalidInputException listing every problem found
     */
    public Launch validate() {
        List<String> problems = new ArrayList<>();
        ImagePipelineArn arn = null;
        AwsRegion callRegion = null;
        try {
            arn = ImagePipelineArn.parse(pipelineArn);
            callRegion = arn.regionAgreeingWith(region);
        } catch (InvalidInputException e) {
            problems.addAll(e.problems());
        }
        ImageTags imageTags = null;
        try {
            imageTags = ImageTags.of(tags).withTraceability(traceabilityTags);
        } catch (InvalidInputException e) {
            problems.addAll(e.problems());
        }
        ClientToken token = null;
        try {
            token = clientToken == null || clientToken.isEmpty()
                    ? ClientToken.derive(buildUrl, discriminator)
                    : ClientToken.of(clientToken);
        } catch (InvalidInputException e) {
            problems.addAll(e.problems());
        }
        String endpoint = null;
        try {
            endpoint = ClientSettings.checkEndpoint(endpointUrl);
        } catch (InvalidInputException e) {
            problems.addAll(e.problems());
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        ClientSettings settings = ClientSettings.forRegion(callRegion)
                .withEndpoint(endpoint)
                .withProxy(proxy)
                .withRetries(retries);
        return new Launch(new StartRequest(arn, imageTags, token), settings);
    }

    /** A validated request: what to send and how to reach the service. */
    public static final class Launch {
        private final StartRequest startRequest;
        private final ClientSettings settings;

        Launch(StartRequest startRequest, ClientSettings settings) {
            this.startRequest = startRequest;
            this.settings = settings;
        }

        public StartRequest startRequest() {
            return startRequest;
        }

        public ClientSettings settings() {
            return settings;
        }
    }
}
