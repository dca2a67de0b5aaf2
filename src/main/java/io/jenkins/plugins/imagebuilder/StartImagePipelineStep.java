package io.jenkins.plugins.imagebuilder;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.Util;
import io.jenkins.plugins.imagebuilder.aws.ImageBuildRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jenkinsci.plugins.structs.describable.CustomDescribableModel;
import org.jenkinsci.plugins.structs.describable.UninstantiatedDescribable;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code startImagePipeline(arn: '...', tags: [team: 'web'])}: starts an execution of an EC2 Image
 * Builder pipeline and returns the ARN of the new image build, which later steps also see as
 * {@code IMAGE_BUILD_VERSION_ARN}. With {@code wait: true} it waits for the image and returns its
 * outputs.
 */
public final class StartImagePipelineStep extends ImageBuilderStep {

    private List<ImageTag> tags = List.of();
    private String clientToken;
    private boolean traceabilityTags = true;
    private boolean wait;
    private boolean cancelOnAbort = true;

    @DataBoundConstructor
    public StartImagePipelineStep(String arn) {
        super(arn);
    }

    @Override
    public ImageBuildRequest.Action action() {
        return ImageBuildRequest.Action.START;
    }

    public List<ImageTag> getTags() {
        return tags;
    }

    @DataBoundSetter
    public void setTags(List<ImageTag> tags) {
        this.tags = tags == null ? List.of() : new ArrayList<>(tags);
    }

    @Override
    public Map<String, String> tagMap() {
        return ImageTag.toMap(tags);
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
        return traceabilityTags;
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
        return cancelOnAbort;
    }

    @DataBoundSetter
    public void setCancelOnAbort(boolean cancelOnAbort) {
        this.cancelOnAbort = cancelOnAbort;
    }

    @Override
    public Boolean cancelOnAbort() {
        return cancelOnAbort;
    }

    @Extension
    public static final class DescriptorImpl extends ImageBuilderStepDescriptor
            implements CustomDescribableModel, ImageBuilderForms.StartPipeline {

        @Override
        public String getFunctionName() {
            return "startImagePipeline";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.StartImagePipelineStep_DisplayName();
        }

        /** Lets Pipeline scripts give tags as a map ({@code tags: [team: 'web']}), which structs cannot bind by itself. */
        @NonNull
        @Override
        public Map<String, Object> customInstantiate(@NonNull Map<String, Object> arguments) {
            return ImageTag.mapToRows(arguments);
        }

        /** Shows tags as a map again, in the Snippet Generator and wherever a step is written back. */
        @NonNull
        @Override
        public UninstantiatedDescribable customUninstantiate(@NonNull UninstantiatedDescribable ud) {
            return ImageTag.rowsToMap(ud);
        }
    }
}
