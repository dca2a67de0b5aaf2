package io.jenkins.plugins.imagebuilder;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.imagebuilder.aws.ImageBuildRequest;
import io.jenkins.plugins.imagebuilder.aws.ImageBuildVersionArn;
import java.util.List;
import net.sf.json.JSONObject;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.verb.POST;

/**
 * {@code waitForImage(arn: env.IMAGE_BUILD_VERSION_ARN)}: waits for an image build started earlier
 * (by {@code startImagePipeline}, another job or a schedule) and returns its outputs. Several
 * pipelines can be started in parallel and then joined with one wait each. On abort it cancels the
 * image build only if this Jenkins build started it, unless {@code cancelOnAbort} says otherwise.
 */
public final class WaitForImageStep extends ImageBuilderStep {

    private Boolean cancelOnAbort;

    @DataBoundConstructor
    public WaitForImageStep(String arn) {
        super(arn);
    }

    @Override
    public ImageBuildRequest.Action action() {
        return ImageBuildRequest.Action.WAIT;
    }

    /** {@code true}: always cancel; {@code false}: never; {@code null}: only an image build this Jenkins build started. */
    public Boolean getCancelOnAbort() {
        return cancelOnAbort;
    }

    @DataBoundSetter
    public void setCancelOnAbort(Boolean cancelOnAbort) {
        this.cancelOnAbort = cancelOnAbort;
    }

    @Override
    public Boolean cancelOnAbort() {
        return cancelOnAbort;
    }

    @Extension
    public static final class DescriptorImpl extends ImageBuilderStepDescriptor
            implements ImageBuilderForms.Calls, ImageBuilderForms.Gates {

        public DescriptorImpl() {
            for (String field : List.of(
                    "credentialsId",
                    "region",
                    "endpointUrl",
                    "waitTimeoutMinutes",
                    "onWaitingStep",
                    "failOnFindings")) {
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

        /** The form's "when this build started it" is the unset default, which Stapler would bind as false. */
        @Override
        public Step newInstance(StaplerRequest2 request, @NonNull JSONObject form) throws FormException {
            if ("".equals(form.opt("cancelOnAbort"))) {
                form.remove("cancelOnAbort");
            }
            return super.newInstance(request, form);
        }

        @POST
        public ListBoxModel doFillCancelOnAbortItems() {
            ListBoxModel choices = new ListBoxModel();
            choices.add(Messages.WaitForImageStep_CancelIfStartedHere(), "");
            choices.add(Messages.WaitForImageStep_CancelAlways(), "true");
            choices.add(Messages.WaitForImageStep_CancelNever(), "false");
            return choices;
        }

        @POST
        public FormValidation doCheckArn(@QueryParameter String value) {
            return ImageBuilderForms.checkSyntax(value, ImageBuildVersionArn::parse);
        }
    }
}
