package io.jenkins.plugins.imagebuilder;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.Extension;
import java.util.Map;
import java.util.Set;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;

/**
 * {@code imageBuilderStart} written in a Pipeline. It is the freestyle step's symbol (for Job DSL and
 * Configuration as Code), which Pipeline would otherwise take for an inert object and go on green
 * having started nothing; a Pipeline step of that name comes first, and fails saying what to use.
 */
public final class FreestyleStepInPipeline extends Step {

    @DataBoundConstructor
    public FreestyleStepInPipeline() {}

    @Override
    public StepExecution start(StepContext context) throws Exception {
        throw new AbortException(Messages.FreestyleStepInPipeline_UseStartImagePipeline());
    }

    @Extension
    public static final class DescriptorImpl extends StepDescriptor {

        @Override
        public String getFunctionName() {
            return "imageBuilderStart";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.FreestyleStepInPipeline_DisplayName();
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of();
        }

        /** Not one to choose in the Snippet Generator. */
        @Override
        public boolean isAdvanced() {
            return true;
        }

        /** Whatever the freestyle step's arguments were, the answer is the same. */
        @Override
        public Step newInstance(Map<String, Object> arguments) {
            return new FreestyleStepInPipeline();
        }
    }
}
