package io.jenkins.plugins.imagebuilder;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.EnvVars;
import hudson.Extension;
import hudson.Util;
import hudson.model.Item;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.imagebuilder.aws.ImageBuildVersionArn;
import java.util.List;
import java.util.Set;
import org.jenkinsci.plugins.workflow.graph.FlowNode;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * {@code waitForImage(arn: env.IMAGE_BUILD_VERSION_ARN)}: waits for an image build started earlier
 * (by {@code startImagePipeline}, another job or a schedule) and returns its outputs. Several
 * pipelines can be started in parallel and then joined with one wait each.
 */
public final class WaitForImageStep extends Step {

    private final String arn;
    private String credentialsId;
    private String region;
    private String endpointUrl;
    private boolean cancelOnAbort = true;
    private Integer waitTimeoutMinutes;

    /** @throws IllegalArgumentException with the reason, when the ARN is not an image build version ARN */
    @DataBoundConstructor
    public WaitForImageStep(String arn) {
        this.arn = ImageBuildVersionArn.parse(arn).toString();
    }

    public String getArn() {
        return arn;
    }

    public String getCredentialsId() {
        return credentialsId;
    }

    @DataBoundSetter
    public void setCredentialsId(String credentialsId) {
        this.credentialsId = Util.fixEmptyAndTrim(credentialsId);
    }

    public String getRegion() {
        return region;
    }

    @DataBoundSetter
    public void setRegion(String region) {
        this.region = Util.fixEmptyAndTrim(region);
    }

    public String getEndpointUrl() {
        return endpointUrl;
    }

    @DataBoundSetter
    public void setEndpointUrl(String endpointUrl) {
        this.endpointUrl = Util.fixEmptyAndTrim(endpointUrl);
    }

    public boolean isCancelOnAbort() {
        return cancelOnAbort;
    }

    @DataBoundSetter
    public void setCancelOnAbort(boolean cancelOnAbort) {
        this.cancelOnAbort = cancelOnAbort;
    }

    public Integer getWaitTimeoutMinutes() {
        return waitTimeoutMinutes;
    }

    @DataBoundSetter
    public void setWaitTimeoutMinutes(Integer waitTimeoutMinutes) {
        this.waitTimeoutMinutes = waitTimeoutMinutes == null || waitTimeoutMinutes <= 0 ? null : waitTimeoutMinutes;
    }

    @Override
    public StepExecution start(StepContext context) {
        return ImageBuildExecution.waiting(context, this);
    }

    @Extension
    public static final class DescriptorImpl extends StepDescriptor {

        public DescriptorImpl() {
            for (String field :
                    List.of("credentialsId", "region", "endpointUrl", "cancelOnAbort", "waitTimeoutMinutes")) {
                addHelpFileRedirect(field, StartImagePipelineStep.class, field);
            }
        }

        @Override
        public String getFunctionName() {
            return "waitForImage";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.WaitForImageStep_DisplayName();
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class, EnvVars.class, FlowNode.class);
        }

        @POST
        public ListBoxModel doFillCredentialsIdItems(@AncestorInPath Item item, @QueryParameter String credentialsId) {
            return ImageBuilderForms.credentialsItems(item, credentialsId);
        }

        @POST
        public FormValidation doCheckCredentialsId(@AncestorInPath Item item, @QueryParameter String value) {
            return ImageBuilderForms.checkCredentialsId(item, value);
        }

        @POST
        public FormValidation doCheckArn(@QueryParameter String value) {
            return ImageBuilderForms.checkImageArn(value);
        }

        @POST
        public FormValidation doCheckRegion(@QueryParameter String value) {
            return ImageBuilderForms.checkRegion(value);
        }

        @POST
        public FormValidation doCheckEndpointUrl(@QueryParameter String value) {
            return ImageBuilderForms.checkEndpointUrl(value);
        }
    }
}
