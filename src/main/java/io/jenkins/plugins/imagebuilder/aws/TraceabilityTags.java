package io.jenkins.plugins.imagebuilder.aws;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Tags that lead from an image back to the Jenkins build that started it: {@code jenkins:job},
 * {@code jenkins:build} and, when Jenkins knows its own URL, {@code jenkins:url}.
 */
public final class TraceabilityTags {

    public static final String JOB = "jenkins:job";
    public static final String BUILD = "jenkins:build";
    public static final String URL = "jenkins:url";

    private TraceabilityTags() {}

    /**
     * @param buildUrl the build's absolute URL, or {@code null} when no root URL is configured
     */
    public static Map<String, String> of(String jobFullName, int buildNumber, String buildUrl) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(JOB, jobFullName);
        tags.put(BUILD, String.valueOf(buildNumber));
        if (buildUrl != null) {
            tags.put(URL, buildUrl);
        }
        return tags;
    }
}
