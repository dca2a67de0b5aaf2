package io.jenkins.plugins.imagebuilder;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.EnvVars;
import hudson.Extension;
import hudson.Launcher;
import hudson.Util;
import hudson.model.AbstractBuild;
import hudson.model.AbstractProject;
import hudson.model.BuildListener;
import hudson.model.Project;
import hudson.tasks.BuildStepDescriptor;
import hudson.tasks.Builder;
import io.jenkins.plugins.imagebuilder.aws.BlockingHost;
import io.jenkins.plugins.imagebuilder.aws.ImageBuildOptions;
import io.jenkins.plugins.imagebuilder.aws.ImageBuildRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jenkins.util.Timer;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * The freestyle build step: starts an image pipeline, optionally waits for the image, and gives later
 * steps its variables. {@code ${VAR}} is expanded in every field but the credentials id, which the
 * credentials plugin resolves as written (with its checks of credentials parameters). It holds its
 * executor while it waits, and Pipeline cannot call it: Pipeline has {@code startImagePipeline}.
 */
public final class StartImagePipelineBuilder extends Builder implements ImageBuildOptions {

    private final String arn;
    private List<ImageTag> tags = new ArrayList<>();
    private String credentialsId;
    private String region;
    private String endpointUrl;
    private String clientToken;
    // Boxed: a configuration saved without them (older, or written by hand) keeps the defaults, on.
    private Boolean traceabilityTags;
    private boolean wait;
    private Boolean cancelOnAbort;
    private Integer waitTimeoutMinutes;
    private String onWaitingStep;
    private String failOnFindings;

    @DataBoundConstructor
    public StartImagePipelineBuilder(String arn) {
        this.arn = Util.fixNull(arn).strip();
    }

    @Override
    public ImageBuildRequest.Action action() {
        return ImageBuildRequest.Action.START;
    }

    @Override
    public String getArn() {
        return arn;
    }

    public List<ImageTag> getTags() {
        return tags == null ? new ArrayList<>() : tags; // null in a configuration saved without tags
    }

    @DataBoundSetter
    public void setTags(List<ImageTag> tags) {
        this.tags = tags == null ? new ArrayList<>() : new ArrayList<>(tags);
    }

    @Override
    public Map<String, String> tagMap() {
        return ImageTag.toMap(getTags());
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
    public String getClientToken() {
        return clientToken;
    }

    @DataBoundSetter
    public void setClientToken(String clientToken) {
        this.clientToken = Util.fixEmpty(clientToken);
    }

    @Override
    public boolean isTraceabilityTags() {
        return traceabilityTags == null || traceabilityTags;
    }

    @DataBoundSetter
    public void setTraceabilityTags(boolean traceabilityTags) {
        this.traceabilityTags = traceabilityTags;
    }

    @Override
    public boolean isWait() {
        return wait;
    }

    @DataBoundSetter
    public void setWait(boolean wait) {
        this.wait = wait;
    }

    public boolean isCancelOnAbort() {
        return cancelOnAbort == null || cancelOnAbort;
    }

    @DataBoundSetter
    public void setCancelOnAbort(boolean cancelOnAbort) {
        this.cancelOnAbort = cancelOnAbort;
    }

    @Override
    public Boolean cancelOnAbort() {
        return isCancelOnAbort();
    }

    @Override
    public Integer getWaitTimeoutMinutes() {
        return waitTimeoutMinutes;
    }

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
    public boolean perform(AbstractBuild<?, ?> build, Launcher launcher, BuildListener listener)
            throws InterruptedException, IOException {
        EnvVars environment = build.getEnvironment(listener);
        ImageBuildRequest request = JenkinsBuild.request(this, build, discriminator(build), environment);
        BlockingHost host = new BlockingHost(
                listener.getLogger()::println,
                ImageBuildsAction.of(build)::record,
                Timer.get(),
                () -> AwsCredentialsResolver.forRun(build, environment, request.credentialsId()));
        try {
            host.run(request, SharedRuntime.get()); // the executor waits: a freestyle build cannot do otherwise
        } catch (BlockingHost.Failure e) {
            throw new AbortException(e.getMessage());
        }
        return true;
    }

    /** What tells this step from the build's other image builds: its place among the project's build steps. */
    private String discriminator(AbstractBuild<?, ?> build) {
        int place = build.getProject() instanceof Project
                ? ((Project<?, ?>) build.getProject()).getBuildersList().indexOf(this)
                : -1;
        return "builder-"
                + (place >= 0
                        ? place
                        : "at-" + ImageBuildsAction.of(build).getRecords().size());
    }

    @Extension
    @Symbol("imageBuilderStart")
    public static final class DescriptorImpl extends BuildStepDescriptor<Builder>
            implements ImageBuilderForms.StartPipeline {

        public DescriptorImpl() {
            // The fields mean the same as the Pipeline step's, whose form this step shares: one set of help files,
            // but for waiting, which holds an executor here (help-wait.html and help-onWaitingStep.html beside it).
            String fields = "arn tags credentialsId region endpointUrl clientToken cancelOnAbort waitTimeoutMinutes";
            for (String field : (fields + " traceabilityTags failOnFindings").split(" ")) {
                addHelpFileRedirect(field, StartImagePipelineStep.class, field);
            }
        }

        /** Where the shared form is: beside the Pipeline step. */
        public Class<?> getFormClass() {
            return StartImagePipelineStep.class;
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.StartImagePipelineBuilder_DisplayName();
        }

        @Override
        public boolean isApplicable(Class<? extends AbstractProject> jobType) {
            return true;
        }
    }
}
