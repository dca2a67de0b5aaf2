package io.jenkins.plugins.imagebuilder;

import hudson.Extension;
import hudson.ExtensionList;
import hudson.Util;
import hudson.util.FormValidation;
import io.jenkins.plugins.imagebuilder.aws.EndpointPolicy;
import io.jenkins.plugins.imagebuilder.aws.InvalidInputException;
import jenkins.model.GlobalConfiguration;
import jenkins.model.Jenkins;
import net.sf.json.JSONObject;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.verb.POST;

/**
 * What an administrator decides for all image builds, in Manage Jenkins → System and as Configuration as
 * Code ({@code unclassified: imageBuilder:}): the controller's identity, traceability tags, other endpoints.
 */
@Extension
@Symbol("imageBuilder")
public final class ImageBuilderGlobalConfiguration extends GlobalConfiguration {

    private boolean useControllerCredentials;
    private boolean traceabilityTags = true;
    private String allowedEndpoints;

    public ImageBuilderGlobalConfiguration() {
        load();
    }

    public static ImageBuilderGlobalConfiguration get() {
        return ExtensionList.lookupSingleton(ImageBuilderGlobalConfiguration.class);
    }

    /** Whether builds may use the controller's own AWS identity; off by default, it gives every job author its rights. */
    public boolean isUseControllerCredentials() {
        return useControllerCredentials;
    }

    @DataBoundSetter
    public void setUseControllerCredentials(boolean useControllerCredentials) {
        this.useControllerCredentials = useControllerCredentials;
        save();
    }

    /** Whether images get the jenkins:job, jenkins:build and jenkins:url tags unless a step says otherwise. */
    public boolean isTraceabilityTags() {
        return traceabilityTags;
    }

    @DataBoundSetter
    public void setTraceabilityTags(boolean traceabilityTags) {
        this.traceabilityTags = traceabilityTags;
        save();
    }

    /** Endpoints steps may call besides Image Builder's own: one {@code scheme://host[:port]} a line. */
    public String getAllowedEndpoints() {
        return allowedEndpoints;
    }

    @DataBoundSetter
    public void setAllowedEndpoints(String allowedEndpoints) {
        EndpointPolicy.allowing(allowedEndpoints); // refuses what must never be allowed
        this.allowedEndpoints = Util.fixEmptyAndTrim(allowedEndpoints);
        save();
    }

    /**
     * Checks the endpoints before anything is bound, so that a bad line fails the System page with the
     * field named, and none of this section's settings changes.
     */
    @Override
    public boolean configure(StaplerRequest2 req, JSONObject json) throws FormException {
        try {
            EndpointPolicy.allowing(json.optString("allowedEndpoints", null));
        } catch (InvalidInputException e) {
            throw new FormException(e.getMessage(), "allowedEndpoints");
        }
        return super.configure(req, json);
    }

    /** Which endpoints steps may call now. */
    EndpointPolicy endpointPolicy() {
        try {
            return EndpointPolicy.allowing(allowedEndpoints);
        } catch (InvalidInputException e) {
            return EndpointPolicy.AWS_ONLY; // a configuration edited by hand: nothing more than AWS's own
        }
    }

    @POST
    public FormValidation doCheckAllowedEndpoints(@QueryParameter String value) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        try {
            EndpointPolicy.allowing(value);
            return FormValidation.ok();
        } catch (InvalidInputException e) {
            return FormValidation.error(e.getMessage());
        }
    }

    @Override
    public String getDisplayName() {
        return Messages.ImageBuilderGlobalConfiguration_DisplayName();
    }
}
