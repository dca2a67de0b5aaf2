package io.jenkins.plugins.imagebuilder;

import hudson.Extension;
import hudson.Util;
import hudson.model.Describable;
import hudson.model.Descriptor;
import hudson.util.FormValidation;
import io.jenkins.plugins.imagebuilder.aws.ImageTags;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.structs.describable.UninstantiatedDescribable;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/** A tag for the image, a row of the form ({@code imageTag(key: 'team', value: 'web')}); checked when the step runs. */
public final class ImageTag implements Describable<ImageTag> {

    private final String key;
    private final String value;

    @DataBoundConstructor
    public ImageTag(String key, String value) {
        this.key = Util.fixNull(key);
        this.value = value;
    }

    public String getKey() {
        return key;
    }

    /** The value, or {@code null} when none was given (reported when the step runs). */
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

    /** Step arguments with {@code tags: [k: 'v']} turned into the rows structs binds. */
    static Map<String, Object> mapToRows(Map<String, Object> arguments) {
        Object tags = arguments.get("tags");
        if (!(tags instanceof Map)) {
            return arguments;
        }
        Map<String, Object> converted = new LinkedHashMap<>(arguments);
        converted.put("tags", ImageTags.rowsOf((Map<?, ?>) tags));
        return converted;
    }

    /** A step as written back, with its tag rows shown as a map again. */
    static UninstantiatedDescribable rowsToMap(UninstantiatedDescribable ud) {
        Object tags = ud.getArguments().get("tags");
        if (!(tags instanceof List)) {
            return ud;
        }
        Map<String, Object> arguments = new LinkedHashMap<>(ud.getArguments());
        arguments.put(
                "tags",
                ImageTags.mapOf(((List<?>) tags)
                        .stream()
                                .map(row -> ((UninstantiatedDescribable) row).getArguments())
                                .collect(Collectors.toList())));
        return ud.withArguments(arguments);
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
            return ImageBuilderForms.checkSyntax(value, key -> ImageTags.of(Map.of(Util.fixNull(key), "")));
        }
    }
}
