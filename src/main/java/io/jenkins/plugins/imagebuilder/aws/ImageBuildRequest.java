package io.jenkins.plugins.imagebuilder.aws;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One validated request of a step: which pipeline to start (or which image build to wait for), in
 * which region and through which endpoint, with which credentials id, tags and client token, and
 * whether to wait and cancel. Made once, when the step starts, before anything is sent; then it is
 * all that a step keeps of its arguments, so that a retry or a resume after a restart sends exactly
 * what the first attempt sent. Plain strings only: it is saved with the Pipeline's state.
 */
public final class ImageBuildRequest implements Serializable {

    private static final long serialVersionUID = 1L;

    /** What the step does. */
    public enum Action {
        /** Start a pipeline, and wait for the image if asked to. */
        START,
        /** Wait for an image build started earlier. */
        WAIT
    }

    private final Action action;
    private final String pipelineArn;
    private final String imageArn;
    private final String region;
    private final String endpointUrl;
    private final String credentialsId;
    private final LinkedHashMap<String, String> tags;
    private final String clientToken;
    private final boolean wait;
    private final boolean cancelOnAbort;
    private final Integer waitTimeoutMinutes;
    private final String onWaitingStep;
    private final String failOnFindings;
    private final String buildName;

    private ImageBuildRequest(
            Action action,
            String pipelineArn,
            String imageArn,
            String region,
            String endpointUrl,
            String credentialsId,
            Map<String, String> tags,
            String clientToken,
            boolean wait,
            boolean cancelOnAbort,
            Integer waitTimeoutMinutes,
            Gates gates) {
        this.action = action;
        this.pipelineArn = pipelineArn;
        this.imageArn = imageArn;
        this.region = region;
        this.endpointUrl = endpointUrl;
        this.credentialsId = credentialsId;
        this.tags = tags.isEmpty() ? null : new LinkedHashMap<>(tags);
        this.clientToken = clientToken;
        this.wait = wait;
        this.cancelOnAbort = cancelOnAbort;
        this.waitTimeoutMinutes = waitTimeoutMinutes;
        this.onWaitingStep = gates.onWaitingStep.name();
        this.failOnFindings = gates.failOnFindings == null ? null : gates.failOnFindings.name();
        this.buildName = gates.buildName;
    }

    /** What a wait decides inside the image build: at a waiting step, and on the findings of its scan. */
    private static final class Gates {
        final WaitingStepPolicy onWaitingStep;
        final Severity failOnFindings;
        final String buildName;

        Gates(WaitingStepPolicy onWaitingStep, Severity failOnFindings, String buildName) {
            this.onWaitingStep = onWaitingStep;
            this.failOnFindings = failOnFindings;
            this.buildName = buildName;
        }

        static Gates of(ImageBuildOptions options, BuildFacts build, List<String> problems) {
            WaitingStepPolicy policy =
                    InvalidInputException.collect(problems, () -> WaitingStepPolicy.parse(options.getOnWaitingStep()));
            String threshold = options.getFailOnFindings();
            Severity severity = threshold == null || threshold.isBlank()
                    ? null
                    : InvalidInputException.collect(problems, () -> Severity.threshold(threshold));
            boolean asked = severity != null || policy != null && policy != WaitingStepPolicy.PAUSE;
            if (asked && !options.isWait()) {
                problems.add(EngineMessage.GATES_NEED_WAIT.format());
            }
            return new Gates(policy == null ? WaitingStepPolicy.PAUSE : policy, severity, build.name());
        }
    }

    /**
     * Checks everything that can be checked without AWS and fixes what every attempt will send: the
     * tags (the user's, then the build's traceability tags) and the client token.
     *
     * @throws InvalidInputException listing every problem found
     */
    public static ImageBuildRequest from(ImageBuildOptions options, BuildFacts build) {
        List<String> problems = new ArrayList<>();
        String credentialsId = UserText.blankToNull(options.getCredentialsId());
        String endpointUrl = build.expand(options.getEndpointUrl());
        Integer timeout = options.getWaitTimeoutMinutes() == null || options.getWaitTimeoutMinutes() <= 0
                ? null
                : options.getWaitTimeoutMinutes();
        String explicitRegion = build.expand(options.getRegion());
        if (options.action() == Action.WAIT) {
            ImageBuildVersionArn image = InvalidInputException.collect(
                    problems, () -> ImageBuildVersionArn.parse(build.expand(options.getArn())));
            AwsRegion region = image == null
                    ? null
                    : InvalidInputException.collect(problems, () -> image.regionAgreeingWith(explicitRegion));
            String endpoint = InvalidInputException.collect(
                    problems, () -> build.endpoints().check(endpointUrl, region));
            Gates gates = Gates.of(options, build, problems);
            InvalidInputException.throwIfAny(problems);
            // Only to derive the cancellation's token: a wait starts nothing.
            ClientToken token = ClientToken.derive(build.tokenSeed(), build.discriminator());
            boolean cancel = options.cancelOnAbort() != null ? options.cancelOnAbort() : build.startedHere(image);
            return new ImageBuildRequest(
                    Action.WAIT,
                    null,
                    image.toString(),
                    region.name(),
                    endpoint,
                    credentialsId,
                    Map.of(),
                    token.value(),
                    true,
                    cancel,
                    timeout,
                    gates);
        }
        ImagePipelineArn pipeline =
                InvalidInputException.collect(problems, () -> ImagePipelineArn.parse(build.expand(options.getArn())));
        AwsRegion region = pipeline == null
                ? null
                : InvalidInputException.collect(problems, () -> pipeline.regionAgreeingWith(explicitRegion));
        String endpoint =
                InvalidInputException.collect(problems, () -> build.endpoints().check(endpointUrl, region));
        ImageTags tags = InvalidInputException.collect(
                problems,
                () -> ImageTags.of(expandTags(options.tagMap(), build))
                        .withTraceability(options.isTraceabilityTags() ? build.traceabilityTags() : Map.of()));
        String userToken = build.expand(options.getClientToken());
        ClientToken token = InvalidInputException.collect(
                problems,
                () -> userToken == null || userToken.isEmpty()
                        ? ClientToken.derive(build.tokenSeed(), build.discriminator())
                        : ClientToken.of(userToken));
        Gates gates = Gates.of(options, build, problems);
        InvalidInputException.throwIfAny(problems);
        return new ImageBuildRequest(
                Action.START,
                pipeline.toString(),
                null,
                region.name(),
                endpoint,
                credentialsId,
                tags.asMap(),
                token.value(),
                options.isWait(),
                options.cancelOnAbort() == null || options.cancelOnAbort(),
                timeout,
                gates);
    }

    private static Map<String, String> expandTags(Map<String, String> tags, BuildFacts build) {
        Map<String, String> expanded = new LinkedHashMap<>();
        if (tags != null) {
            tags.forEach((key, value) -> expanded.put(build.expand(key), build.expand(value)));
        }
        return expanded;
    }

    public Action action() {
        return action;
    }

    /** The pipeline to start; {@code null} for a wait. */
    public ImagePipelineArn pipeline() {
        return pipelineArn == null ? null : ImagePipelineArn.parse(pipelineArn);
    }

    /** The image build to wait for; {@code null} for a start, whose image is known once started. */
    public ImageBuildVersionArn image() {
        return imageArn == null ? null : ImageBuildVersionArn.parse(imageArn);
    }

    /** The region called, the ARN's. */
    public AwsRegion region() {
        return AwsRegion.of(region);
    }

    /** The endpoint override, or {@code null} for the region's public endpoint. */
    public String endpointUrl() {
        return endpointUrl;
    }

    /** The credentials id as the user gave it (unexpanded), or {@code null}. */
    public String credentialsId() {
        return credentialsId;
    }

    /** The tags sent with the start, the traceability tags included. */
    public Map<String, String> tags() {
        return tags == null ? Map.of() : java.util.Collections.unmodifiableMap(tags);
    }

    public ClientToken clientToken() {
        return ClientToken.of(clientToken);
    }

    /** The StartImagePipelineExecution call, the same on every attempt. */
    public StartRequest startRequest() {
        return new StartRequest(pipeline(), ImageTags.of(tags()), clientToken());
    }

    public boolean waits() {
        return wait;
    }

    /** Whether to cancel the image build when the Jenkins build is aborted or the wait's deadline passes. */
    public boolean cancelsOnAbort() {
        return cancelOnAbort;
    }

    /** How long to wait at most, or {@code null} for as long as it takes. */
    public Duration waitTimeout() {
        return waitTimeoutMinutes == null ? null : Duration.ofMinutes(waitTimeoutMinutes);
    }

    /** What the wait does when a workflow step waits for an action; pause for requests saved before there was a choice. */
    public WaitingStepPolicy onWaitingStep() {
        return onWaitingStep == null ? WaitingStepPolicy.PAUSE : WaitingStepPolicy.valueOf(onWaitingStep);
    }

    /** The severity of findings that fails the wait, or {@code null} for no vulnerability gate. */
    public Severity failOnFindings() {
        return failOnFindings == null ? null : Severity.valueOf(failOnFindings);
    }

    /** The build, as named in the reason of a step action it sends. */
    public String buildName() {
        return buildName == null ? subject() : buildName;
    }

    /** The ARN the step is about, for messages and status. */
    public String subject() {
        return action == Action.START ? pipelineArn : imageArn;
    }
}
