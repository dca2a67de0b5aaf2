package io.jenkins.plugins.imagebuilder;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.EnvVars;
import hudson.Extension;
import hudson.Util;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.imagebuilder.aws.CredentialsUnavailableException;
import io.jenkins.plugins.imagebuilder.aws.ImageBuildVersionArn;
import io.jenkins.plugins.imagebuilder.aws.ImageBuilderException;
import io.jenkins.plugins.imagebuilder.aws.ImageBuilderRuntime;
import io.jenkins.plugins.imagebuilder.aws.InvalidInputException;
import io.jenkins.plugins.imagebuilder.aws.WaitingStepAction;
import io.jenkins.plugins.imagebuilder.aws.WorkflowStepDecision;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jenkinsci.plugins.workflow.graph.FlowNode;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * {@code imageWorkflowStepAction(arn: image, action: 'RESUME', reason: 'passed staging')}: sends RESUME or
 * STOP to the workflow step of an image build that waits for an action, then returns. With more than one
 * waiting, {@code step} names which. The action goes under a client token derived from the build, so
 * that a retry, also after a controller restart, acts once.
 */
public final class ImageWorkflowStepActionStep extends ImageBuilderCallStep implements WorkflowStepDecision.Options {

    private final String action;
    private String reason;
    private String step;

    @DataBoundConstructor
    public ImageWorkflowStepActionStep(String arn, String action) {
        super(arn);
        this.action = Util.fixNull(action).strip();
    }

    @Override
    public String getAction() {
        return action;
    }

    @Override
    public String getReason() {
        return reason;
    }

    @DataBoundSetter
    public void setReason(String reason) {
        this.reason = Util.fixEmptyAndTrim(reason);
    }

    @Override
    public String getStep() {
        return step;
    }

    @DataBoundSetter
    public void setStep(String step) {
        this.step = Util.fixEmptyAndTrim(step);
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        String node = context.get(FlowNode.class).getId();
        return new Execution(context, JenkinsBuild.decision(this, context.get(Run.class), node));
    }

    /** Sends the action from a worker, never from the Pipeline's thread; after a restart, sends it again. */
    static final class Execution extends StepExecution {

        private static final long serialVersionUID = 1L;
        private static final Logger LOGGER = Logger.getLogger(Execution.class.getName());

        private final WorkflowStepDecision decision;

        Execution(StepContext context, WorkflowStepDecision decision) {
            super(context);
            this.decision = decision;
        }

        @Override
        public boolean start() {
            send();
            return false;
        }

        @Override
        public void onResume() {
            send(); // the same token: if the first attempt was answered, Image Builder answers the same
        }

        private void send() {
            ImageBuilderRuntime runtime = SharedRuntime.get();
            try {
                runtime.workers().execute(() -> sendNow(runtime));
            } catch (RejectedExecutionException e) {
                // Jenkins is stopping: the step resumes after the restart and sends it then.
                LOGGER.log(Level.FINE, "Not sending to " + decision.image() + " while Jenkins stops", e);
            }
        }

        private void sendNow(ImageBuilderRuntime runtime) {
            StepContext context = getContext();
            try {
                Run<?, ?> run = context.get(Run.class);
                TaskListener listener = context.get(TaskListener.class);
                EnvVars environment = context.get(EnvVars.class);
                context.onSuccess(decision.send(
                        runtime.access(),
                        AwsCredentialsResolver.forRun(run, environment, decision.credentialsId()),
                        context::saveState,
                        listener.getLogger()::println));
            } catch (ImageBuilderException | InvalidInputException | CredentialsUnavailableException e) {
                context.onFailure(new AbortException(e.getMessage()));
            } catch (Exception e) {
                context.onFailure(e);
            }
        }

        /** Plain English, as workflow-step-api asks: it is read by developers as well as users. */
        @Override
        public String getStatus() {
            return "sending an action to a waiting workflow step of image build " + decision.image();
        }
    }

    @Extension
    public static final class DescriptorImpl extends ImageBuilderStepDescriptor implements ImageBuilderForms.Calls {

        public DescriptorImpl() {
            for (String field : List.of("credentialsId", "region", "endpointUrl")) {
                addHelpFileRedirect(field, StartImagePipelineStep.class, field);
            }
        }

        @Override
        public String getFunctionName() {
            return "imageWorkflowStepAction";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.ImageWorkflowStepActionStep_DisplayName();
        }

        @POST
        public ListBoxModel doFillActionItems() {
            ListBoxModel choices = new ListBoxModel();
            for (WaitingStepAction action : WaitingStepAction.values()) {
                choices.add(action.name());
            }
            return choices;
        }

        @POST
        public FormValidation doCheckArn(@QueryParameter String value) {
            return ImageBuilderForms.checkSyntax(value, ImageBuildVersionArn::parse);
        }
    }
}
