package io.jenkins.plugins.imagebuilder;

import hudson.Extension;
import hudson.Util;
import hudson.model.AbstractDescribableImpl;
import hudson.model.Descriptor;
import hudson.util.FormValidation;
import io.jenkins.plugins.imagebuilder.aws.ImageTags;
import io.jenkins.plugins.imagebuilder.aws.InvalidInputException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/** One tag for the image, a row of the configuration form. In Pipeline, tags are a map instead. */
public final class ImageTag extends AbstractDescribableImpl<ImageTag> {

    private final String key;
    private final String value;

    @DataBoundConstructor
    public ImageTag(String key, String value) {
        this.key = Util.fixNull(key).strip();
        this.value = Util.fixNull(value);
    }

    public String getKey() {
        return key;
    }

    public String getValue() {
        return value;
    }

    /** The rows as a map, in order; a later row with the same key wins. */
    static Map<String, String> toMap(Collection<ImageTag> tags) {
        Map<String, String> map = new LinkedHashMap<>();
        if (tags != null) {
            tags.forEach(tag -> map.put(tag.key, tag.value));
        }
        return map;
    }

    static List<ImageTag> fromMap(Map<String, String> tags) {
        return tags.entrySet().stream()
                .map(tag -> new ImageTag(tag.getKey(), tag.getValue()))
                .collect(Collectors.toList());
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ImageTag
                && ((ImageTag) other).key.equals(key)
                && ((ImageTag) other).value.equals(value);
    }

    @Override
    public int hashCode() {
        return key.hashCode() * 31 + value.hashCode();
    }

    @Override
    public String toString() {
        return key + "=" + value;
    }

    @Extension
    @Symbol("imageTag")
    public static final class DescriptorImpl extends Descriptor<ImageTag> {

        @Override
        public String getDisplayName() {
            return Messages.ImageTag_DisplayName();
        }

        /** Checks the key alone; values may hold build variables and are checked when the build runs. */
        @POST
        public FormValidation doCheckKey(@QueryParameter String value) {
            if (value.contains("$")) {
                return FormValidation.ok();
            }
            try {
                ImageTags.of(Map.of(value.strip(), ""));
                return FormValidation.ok();
            } catch (InvalidInputException e) {
                return FormValidation.error(e.getMessage());
            }
        }
    }
}
