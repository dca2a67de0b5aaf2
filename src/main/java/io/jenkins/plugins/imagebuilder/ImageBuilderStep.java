package io.jenkins.plugins.imagebuilder;

import hudson.EnvVars;
import hudson.Util;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.imagebuilder.aws.ImageBuildOptions;
import java.util.Set;
import org.jenkinsci.plugins.workflow.graph.FlowNode;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * What {@code startImagePipeline} and {@code waitForImage} share. Neither needs a workspace: they run outside
 * {@code node {}}, hold no executor, and check their arguments when they start, before anything is sent.
 */
public abstract class ImageBuilderStep extends Step implements ImageBuildOptions {

    private final String arn;
    private String credentialsId;
    private String region;
    private String endpointUrl;
    private Integer waitTimeoutMinutes;
    private String onWaitingStep;
    private String failOnFindings;

    protected ImageBuilderStep(String arn) {
        this.arn = Util.fixNull(arn).strip();
    }

    @Override
    public String getArn() {
        return arn;
    }

    @Override
    public String getCredentialsId() {
        return credentialsId;
    }

    @DataBoundSetter
    public void setCredentialsId(String credentialsId) {
        this.credentialsId = Util.fixEmptyAndTrim(credentialsId);
    }

    @Override
    public String getRegion() {
        return region;
    }

    @DataBoundSetter
    public void setRegion(String region) {
        this.region = Util.fixEmptyAndTrim(region);
    }

    @Override
    public String getEndpointUrl() {
        return endpointUrl;
    }

    @DataBoundSetter
    public void setEndpointUrl(String endpointUrl) {
        this.endpointUrl = Util.fixEmptyAndTrim(endpointUrl);
    }

    @Override
    public Integer getWaitTimeoutMinutes() {
        return waitTimeoutMinutes;
    }

    /** 0 or less: no limit. */
    @DataBoundSetter
    public void setWaitTimeoutMinutes(Integer waitTimeoutMinutes) {
        this.waitTimeoutMinutes = waitTimeoutMinutes == null || waitTimeoutMinutes <= 0 ? null : waitTimeoutMinutes;
    }

    @Override
    public String getOnWaitingStep() {
        return onWaitingStep;
    }

    @DataBoundSetter
    public void setOnWaitingStep(String onWaitingStep) {
        this.onWaitingStep = Util.fixEmptyAndTrim(onWaitingStep);
    }

    @Override
    public String getFailOnFindings() {
        return failOnFindings;
    }

    @DataBoundSetter
    public void setFailOnFindings(String failOnFindings) {
        this.failOnFindings = Util.fixEmptyAndTrim(failOnFindings);
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        return ImageBuildExecution.of(context, this);
    }

    abstract static class ImageBuilderStepDescriptor extends StepDescriptor {
        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class, EnvVars.class, FlowNode.class);
        }
    }
}
