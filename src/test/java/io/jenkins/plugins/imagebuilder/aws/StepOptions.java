package io.jenkins.plugins.imagebuilder.aws;

import java.util.LinkedHashMap;
import java.util.Map;

/** Options as a step would give them, written fluently: {@code StepOptions.start(arn).tags(...).waiting()}. */
public final class StepOptions implements ImageBuildOptions {

    private final ImageBuildRequest.Action action;
    private String arn;
    private String credentialsId;
    private String region;
    private String endpointUrl;
    private Integer waitTimeoutMinutes;
    private Boolean cancelOnAbort;
    private Map<String, String> tags = new LinkedHashMap<>();
    private String clientToken;
    private boolean traceabilityTags = true;
    private boolean wait;
    private String onWaitingStep;
    private String failOnFindings;

    private StepOptions(ImageBuildRequest.Action action, String arn) {
        this.action = action;
        this.arn = arn;
        this.wait = action == ImageBuildRequest.Action.WAIT;
    }

    /** {@code startImagePipeline(arn: pipelineArn)}. */
    public static StepOptions start(String pipelineArn) {
        return new StepOptions(ImageBuildRequest.Action.START, pipelineArn);
    }

    /** {@code waitForImage(arn: imageArn)}. */
    public static StepOptions await(String imageArn) {
        return new StepOptions(ImageBuildRequest.Action.WAIT, imageArn);
    }

    /** {@code onWaitingStep: 'pause'}, {@code 'resume'}, ... */
    public StepOptions onWaitingStep(String policy) {
        this.onWaitingStep = policy;
        return this;
    }

    /** {@code failOnFindings: 'CRITICAL'}, ... */
    public StepOptions failOnFindings(String severity) {
        this.failOnFindings = severity;
        return this;
    }

    @Override
    public String getOnWaitingStep() {
        return onWaitingStep;
    }

    @Override
    public String getFailOnFindings() {
        return failOnFindings;
    }

    public StepOptions arn(String arn) {
        this.arn = arn;
        return this;
    }

    public StepOptions credentialsId(String credentialsId) {
        this.credentialsId = credentialsId;
        return this;
    }

    public StepOptions region(String region) {
        this.region = region;
        return this;
    }

    public StepOptions endpointUrl(String endpointUrl) {
        this.endpointUrl = endpointUrl;
        return this;
    }

    public StepOptions waitTimeoutMinutes(Integer minutes) {
        this.waitTimeoutMinutes = minutes;
        return this;
    }

    public StepOptions cancelOnAbort(Boolean cancel) {
        this.cancelOnAbort = cancel;
        return this;
    }

    public StepOptions tags(Map<String, String> tags) {
        this.tags = tags;
        return this;
    }

    public StepOptions clientToken(String clientToken) {
        this.clientToken = clientToken;
        return this;
    }

    public StepOptions traceabilityTags(boolean on) {
        this.traceabilityTags = on;
        return this;
    }

    /** {@code wait: true}. */
    public StepOptions waiting() {
        this.wait = true;
        return this;
    }

    @Override
    public ImageBuildRequest.Action action() {
        return action;
    }

    @Override
    public String getArn() {
        return arn;
    }

    @Override
    public String getCredentialsId() {
        return credentialsId;
    }

    @Override
    public String getRegion() {
        return region;
    }

    @Override
    public String getEndpointUrl() {
        return endpointUrl;
    }

    @Override
    public Integer getWaitTimeoutMinutes() {
        return waitTimeoutMinutes;
    }

    @Override
    public Boolean cancelOnAbort() {
        return cancelOnAbort;
    }

    @Override
    public Map<String, String> tagMap() {
        return tags;
    }

    @Override
    public String getClientToken() {
        return clientToken;
    }

    @Override
    public boolean isTraceabilityTags() {
        return traceabilityTags;
    }

    @Override
    public boolean isWait() {
        return wait;
    }
}
