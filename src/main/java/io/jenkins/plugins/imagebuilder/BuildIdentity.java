package io.jenkins.plugins.imagebuilder;

import hudson.model.Run;
import io.jenkins.plugins.imagebuilder.aws.TraceabilityTags;
import java.util.Map;
import jenkins.model.Jenkins;

/** The build as Image Builder sees it: the seed of its client tokens and its traceability tags. */
final class BuildIdentity {

    private BuildIdentity() {}

    /** The build's absolute URL, or {@code null} when no Jenkins URL is configured. */
    static String absoluteUrl(Run<?, ?> run) {
        String root = Jenkins.get().getRootUrl();
        return root == null ? null : root + run.getUrl();
    }

    /**
     * What identifies the build for good: its absolute URL, or its full name and number when Jenkins
     * has no URL. The token derived from it is kept by the step, so a URL configured later does not
     * change the token of a call already made.
     */
    static String tokenSeed(Run<?, ?> run) {
        String url = absoluteUrl(run);
        return url != null ? url : "jenkins:" + run.getParent().getFullName() + "#" + run.getNumber();
    }

    static Map<String, String> traceabilityTags(Run<?, ?> run) {
        return TraceabilityTags.of(run.getParent().getFullName(), run.getNumber(), absoluteUrl(run));
    }
}
