package io.jenkins.plugins.imagebuilder;

import hudson.Extension;
import hudson.ExtensionList;
import jenkins.model.GlobalConfiguration;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * Settings an administrator makes for all image builds, in Manage Jenkins → System (and in
 * Configuration as Code, as {@code unclassified: imageBuilder:}).
 */
@Extension
@Symbol("imageBuilder")
public final class ImageBuilderGlobalConfiguration extends GlobalConfiguration {

    private boolean useControllerCredentials;
    private boolean traceabilityTags = true;

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

    @Override
    public String getDisplayName() {
        return Messages.ImageBuilderGlobalConfiguration_DisplayName();
    }
}
