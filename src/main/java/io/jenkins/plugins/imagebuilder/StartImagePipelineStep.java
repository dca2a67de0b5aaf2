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
import io.jenkins.plugins.imagebuilder.aws.ImagePipelineArn;
import io.jenkins.plugins.imagebuilder.aws.ImageTags;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jenkinsci.plugins.structs.describable.CustomDescribableModel;
import org.jenkinsci.plugins.structs.describable.UninstantiatedDescribable;
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
 * {@code startImagePipeline(arn: '...', tags: [team: 'web'])}: starts an execution of an EC2 Image
 * Builder pipeline and returns the ARN of the new image build, which later steps also see as
 * {@code IMAGE_BUILD_VERSION_ARN}. With {@code wait: true} it waits for the image and returns its
 * outputs. It needs no workspace, so it runs outside {@code node {}} and holds no executor.
 */
public final class StartImagePipelineStep extends Step {

    private final String arn;
    private List<ImageTag> tags = List.of();
    private String credentialsId;
    private String region;
    private String endpointUrl;
    private String clientToken;
    private boolean traceabilityTags = true;
    private boolean wait;
    private boolean cancelOnAbort = true;
    private Integer waitTimeoutMinutes;

    /** @throws IllegalArgumentException with the reason, when the ARN is not a pipeline ARN */
    @DataBoundConstructor
    public StartImagePipelineStep(String arn) {
        this.arn = ImagePipelineArn.parse(arn).toString();
    }

    public String getArn() {
        return arn;
    }

    public List<ImageTag> getTags() {
        return tags;
    }

    /** @throws IllegalArgumentException listing every problem, when Image Builder would refuse the tags */
    @DataBoundSetter
    public void setTags(List<ImageTag> tags) {
        List<ImageTag> rows = tags == null ? List.of() : new ArrayList<>(tags);
        ImageTags.of(ImageTag.toMap(rows));
        this.tags = rows;
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

    public String getClientToken() {
        return clientToken;
    }

    @DataBoundSetter
    public void setClientToken(String clientToken) {
        this.clientToken = Util.fixEmpty(clientToken);
    }

    /** Whether to add the jenkins:job/build/url tags (unless an administrator turned them off for all builds). */
    public boolean isTraceabilityTags() {
        return traceabilityTags;
    }

    @DataBoundSetter
    public void setTraceabilityTags(boolean traceabilityTags) {
        this.traceabilityTags = traceabilityTags;
    }

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

    public Integer getWaitTimeoutMinutes() {
        return waitTimeoutMinutes;
    }

    @DataBoundSetter
    public void setWaitTimeoutMinutes(Integer waitTimeoutMinutes) {
        this.waitTimeoutMinutes = waitTimeoutMinutes == null || waitTimeoutMinutes <= 0 ? null : waitTimeoutMinutes;
    }

    @Override
    public StepExecution start(StepContext context) {
        return ImageBuildExecution.starting(context, this);
    }

    @Extension
    public static final class DescriptorImpl extends StepDescriptor implements CustomDescribableModel {

        @Override
        public String getFunctionName() {
            return "startImagePipeline";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.StartImagePipelineStep_DisplayName();
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class, EnvVars.class, FlowNode.class);
        }

        /**
         * Lets Pipeline scripts give tags as a map ({@code tags: [team: 'web']}), which structs cannot
         * bind by itself, and reports bad ARNs and tags in the engine's own words when the step is read.
         */
        @NonNull
        @Override
        public Map<String, Object> customInstantiate(@NonNull Map<String, Object> arguments) {
            return tagsAsRows(arguments);
        }

        /** Shows tags as a map again, in the Snippet Generator and wherever a step is written back. */
        @NonNull
        @Override
        public UninstantiatedDescribable customUninstantiate(@NonNull UninstantiatedDescribable ud) {
            return tagsAsMap(ud);
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
            return ImageBuilderForms.checkPipelineArn(value);
        }

        @POST
        public FormValidation doCheckRegion(@QueryParameter String value) {
            return ImageBuilderForms.checkRegion(value);
        }

        @POST
        public FormValidation doCheckEndpointUrl(@QueryParameter String value) {
            return ImageBuilderForms.checkEndpointUrl(value);
        }

        @POST
        public FormValidation doCheckClientToken(@QueryParameter String value) {
            return ImageBuilderForms.checkClientToken(value);
        }

        @POST
        public FormValidation doCheckPipeline(
                @AncestorInPath Item item,
                @QueryParameter String arn,
                @QueryParameter String credentialsId,
                @QueryParameter String region,
                @QueryParameter String endpointUrl) {
            return ImageBuilderForms.checkPipeline(item, arn, credentialsId, region, endpointUrl);
        }
    }

    /** {@code tags: [k: 'v']} becomes the rows structs binds; the map is validated as a whole first. */
    static Map<String, Object> tagsAsRows(Map<String, Object> arguments) {
        Object arn = arguments.get("arn");
        if (arn != null) {
            ImagePipelineArn.parse(arn.toString());
        }
        Object tags = arguments.get("tags");
        if (!(tags instanceof Map)) {
            return arguments;
        }
        Map<String, String> map = new LinkedHashMap<>();
        ((Map<?, ?>) tags)
                .forEach((key, value) -> map.put(String.valueOf(key), value == null ? null : value.toString()));
        ImageTags.of(map);
        List<Map<String, Object>> rows = new ArrayList<>();
        map.forEach((key, value) -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("key", key);
            row.put("value", value);
            rows.add(row);
        });
        Map<String, Object> converted = new LinkedHashMap<>(arguments);
        converted.put("tags", rows);
        return converted;
    }

    static UninstantiatedDescribable tagsAsMap(UninstantiatedDescribable ud) {
        Object tags = ud.getArguments().get("tags");
        if (!(tags instanceof List)) {
            return ud;
        }
        Map<String, Object> map = new LinkedHashMap<>();
        for (Object row : (List<?>) tags) {
            if (row instanceof UninstantiatedDescribable) {
                Map<String, ?> cells = ((UninstantiatedDescribable) row).getArguments();
                map.put(String.valueOf(cells.get("key")), cells.get("value") == null ? "" : cells.get("value"));
            }
        }
        Map<String, Object> arguments = new LinkedHashMap<>(ud.getArguments());
        arguments.put("tags", map);
        return ud.withArguments(arguments);
    }
}
