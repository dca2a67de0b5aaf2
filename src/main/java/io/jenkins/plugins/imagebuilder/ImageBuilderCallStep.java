package io.jenkins.plugins.imagebuilder;

import hudson.EnvVars;
import hudson.Util;
import hudson.model.Run;
import hudson.model.TaskListener;
import java.util.Set;
import org.jenkinsci.plugins.workflow.graph.FlowNode;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * What every Pipeline step that calls Image Builder takes: the ARN it is about, and as whom and where to call
 * (credentials, region, endpoint). None needs a workspace: they run outside {@code node {}}, hold no executor,
 * and check their arguments when they start, before anything is sent.
 */
public abstract class ImageBuilderCallStep extends Step {

    private final String arn;
    private String credentialsId;
    private String region;
    private String endpointUrl;

    protected ImageBuilderCallStep(String arn) {
        this.arn = Util.fixNull(arn).strip();
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

    abstract static class ImageBuilderStepDescriptor extends StepDescriptor {
        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class, EnvVars.class, FlowNode.class);
        }
    }
}
