package io.jenkins.plugins.imagebuilder;

import hudson.Util;
import io.jenkins.plugins.imagebuilder.aws.ImageBuildOptions;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundSetter;

/** What {@code startImagePipeline} and {@code waitForImage} share: how long to wait, and what to decide while waiting. */
public abstract class ImageBuilderStep extends ImageBuilderCallStep implements ImageBuildOptions {

    private Integer waitTimeoutMinutes;
    private String onWaitingStep;
    private String failOnFindings;

    protected ImageBuilderStep(String arn) {
        super(arn);
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
}
