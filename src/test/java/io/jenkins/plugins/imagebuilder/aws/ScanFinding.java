package io.jenkins.plugins.imagebuilder.aws;

import java.util.List;

/**
 * A package vulnerability that the {@link ImageScan} of a {@link FakeImageBuilder} pipeline finds in
 * its images, listed by ListImageScanFindings and counted by ListImageScanFindingAggregations.
 */
public final class ScanFinding {

    /** The severities Amazon Inspector gives. */
    static final List<String> SEVERITIES = List.of("CRITICAL", "HIGH", "MEDIUM", "LOW", "INFORMATIONAL", "UNTRIAGED");

    final String severity;
    final String vulnerabilityId;
    final String packageName;
    final String packageVersion;
    final String title;
    /** The package version that fixes it, or null when no fix is available. */
    final String fixedInVersion;

    private ScanFinding(
            String severity,
            String vulnerabilityId,
            String packageName,
            String packageVersion,
            String title,
            String fixedInVersion) {
        this.severity = severity;
        this.vulnerabilityId = vulnerabilityId;
        this.packageName = packageName;
        this.packageVersion = packageVersion;
        this.title = title;
        this.fixedInVersion = fixedInVersion;
    }

    /**
     * A finding without a fix available.
     *
     * @param severity CRITICAL, HIGH, MEDIUM, LOW, INFORMATIONAL or UNTRIAGED
     * @param vulnerabilityId such as {@code CVE-2024-6387}
     */
    public static ScanFinding of(
            String severity, String vulnerabilityId, String packageName, String packageVersion, String title) {
        if (!SEVERITIES.contains(severity)) {
            throw new IllegalArgumentException("severity must be one of " + SEVERITIES + ", not " + severity);
        }
        for (String text : new String[] {vulnerabilityId, packageName, packageVersion, title}) {
            if (text == null || text.isEmpty() || text.length() > 1024) {
                throw new IllegalArgumentException("the texts of a finding have 1 to 1024 characters");
            }
        }
        return new ScanFinding(severity, vulnerabilityId, packageName, packageVersion, title, null);
    }

    /** The same finding with a fix available: the package version that fixes it. */
    public ScanFinding fixedIn(String version) {
        if (version == null || version.isEmpty() || version.length() > 1024) {
            throw new IllegalArgumentException("a version has 1 to 1024 characters");
        }
        return new ScanFinding(severity, vulnerabilityId, packageName, packageVersion, title, version);
    }

    @Override
    public String toString() {
        return severity + " " + vulnerabilityId + " in " + packageName + " " + packageVersion;
    }
}
