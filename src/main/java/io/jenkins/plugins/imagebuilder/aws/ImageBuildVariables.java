package io.jenkins.plugins.imagebuilder.aws;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What later build steps see of an image build: environment variables and the value the steps
 * return. Plain maps, lists and strings only, so that Pipeline scripts can read them in the sandbox
 * and Jenkins can keep them across a restart; only outputs of the forms AWS gives (see {@link ImageOutputs}).
 */
public final class ImageBuildVariables {

    public static final String IMAGE_BUILD_VERSION_ARN = "IMAGE_BUILD_VERSION_ARN";
    public static final String STATUS = "IMAGE_BUILDER_STATUS";
    public static final String IMAGE_VERSION = "IMAGE_BUILDER_IMAGE_VERSION";
    public static final String AMI_ID = "IMAGE_BUILDER_AMI_ID";
    /** Followed by the region in upper case with underscores: {@code IMAGE_BUILDER_AMI_ID_EU_WEST_1}. */
    public static final String AMI_ID_IN_REGION_PREFIX = "IMAGE_BUILDER_AMI_ID_";

    public static final String AMIS = "IMAGE_BUILDER_AMIS";
    public static final String CONTAINER_IMAGE_URIS = "IMAGE_BUILDER_CONTAINER_IMAGE_URIS";
    /** The counts of a completed vulnerability scan: {@code IMAGE_BUILDER_FINDINGS_CRITICAL}, {@code _HIGH}, {@code _MEDIUM}, {@code _ALL}. */
    public static final String FINDINGS_PREFIX = "IMAGE_BUILDER_FINDINGS_";
    /** The execution id of the step a wait returned at ({@code onWaitingStep: 'return'}). */
    public static final String WAITING_STEP_ID = "IMAGE_BUILDER_WAITING_STEP_ID";

    private ImageBuildVariables() {}

    /** The variables of a build just started: only its ARN is known. */
    public static Map<String, String> started(ImageBuildVersionArn image) {
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put(IMAGE_BUILD_VERSION_ARN, image.toString());
        return variables;
    }

    /**
     * The variables of a finished build. The AMI of the image's own region (and account, when the
     * build distributed to several) is {@code IMAGE_BUILDER_AMI_ID}; each region's is
     * {@code IMAGE_BUILDER_AMI_ID_<REGION>}; every AMI is listed in {@code IMAGE_BUILDER_AMIS} as
     * {@code account:region:ami-id}, comma-separated.
     */
    public static Map<String, String> finished(ImageBuild reported) {
        return finished(reported, null);
    }

    /** The variables of a finished build, with the counts of its scan when known. */
    public static Map<String, String> finished(ImageBuild reported, VulnerabilityFindings findings) {
        ImageBuild build = ImageOutputs.of(reported).applyTo(reported);
        ImageBuildVersionArn arn = build.arn();
        Map<String, String> variables = started(arn);
        variables.put(STATUS, build.status().name());
        variables.put(IMAGE_VERSION, build.version());
        build.amiIn(arn.region(), arn.account()).ifPresent(ami -> variables.put(AMI_ID, ami.imageId()));
        for (String region :
                build.amis().stream().map(AmiOutput::region).distinct().collect(Collectors.toList())) {
            build.amiIn(AwsRegion.of(region), arn.account())
                    .ifPresent(ami -> variables.put(
                            AMI_ID_IN_REGION_PREFIX
                                    + region.toUpperCase(Locale.ROOT).replace('-', '_'),
                            ami.imageId()));
        }
        if (!build.amis().isEmpty()) {
            variables.put(
                    AMIS,
                    build.amis().stream()
                            .map(ami -> (ami.accountId() == null ? "" : ami.accountId()) + ":" + ami.region() + ":"
                                    + ami.imageId())
                            .collect(Collectors.joining(",")));
        }
        List<String> uris = containerImageUris(build);
        if (!uris.isEmpty()) {
            variables.put(CONTAINER_IMAGE_URIS, String.join(",", uris));
        }
        if (findings != null) {
            variables.put(FINDINGS_PREFIX + "CRITICAL", Long.toString(findings.critical()));
            variables.put(FINDINGS_PREFIX + "HIGH", Long.toString(findings.high()));
            variables.put(FINDINGS_PREFIX + "MEDIUM", Long.toString(findings.medium()));
            variables.put(FINDINGS_PREFIX + "ALL", Long.toString(findings.all()));
        }
        return variables;
    }

    /**
     * What a waiting step returns: {@code imageBuildVersionArn}, {@code status}, {@code version},
     * {@code amiId} (if any), {@code amis} (a list of maps with {@code region}, {@code accountId},
     * {@code imageId}, {@code name}), {@code containerImageUris} and {@code consoleUrl} (if any).
     */
    public static Map<String, Object> result(ImageBuild reported) {
        return result(reported, null);
    }

    /**
     * What a waiting step returns, with {@code findings} when the scan's counts are known: {@code critical},
     * {@code high}, {@code medium}, {@code all} and {@code worst} (maps with {@code vulnerabilityId},
     * {@code packages}, {@code severity}, {@code title}), the latter only when the gate listed them.
     */
    public static Map<String, Object> result(ImageBuild reported, VulnerabilityFindings findings) {
        ImageBuild build = ImageOutputs.of(reported).applyTo(reported);
        ImageBuildVersionArn arn = build.arn();
        LinkedHashMap<String, Object> result = new LinkedHashMap<>();
        result.put("imageBuildVersionArn", arn.toString());
        result.put("status", build.status().name());
        result.put("version", build.version());
        build.amiIn(arn.region(), arn.account()).ifPresent(ami -> result.put("amiId", ami.imageId()));
        ArrayList<Map<String, String>> amis = new ArrayList<>();
        for (AmiOutput ami : build.amis()) {
            LinkedHashMap<String, String> entry = new LinkedHashMap<>();
            entry.put("region", ami.region());
            entry.put("accountId", ami.accountId());
            entry.put("imageId", ami.imageId());
            entry.put("name", ami.name());
            amis.add(entry);
        }
        result.put("amis", amis);
        result.put("containerImageUris", new ArrayList<>(containerImageUris(build)));
        ConsoleLinks.image(arn).ifPresent(url -> result.put("consoleUrl", url));
        if (findings != null) {
            result.put("findings", findings(findings));
        }
        return result;
    }

    private static Map<String, Object> findings(VulnerabilityFindings findings) {
        LinkedHashMap<String, Object> counts = new LinkedHashMap<>();
        counts.put("critical", findings.critical());
        counts.put("high", findings.high());
        counts.put("medium", findings.medium());
        counts.put("all", findings.all());
        ArrayList<Map<String, String>> worst = new ArrayList<>();
        for (VulnerabilityFinding finding : findings.worst()) {
            LinkedHashMap<String, String> entry = new LinkedHashMap<>();
            entry.put("vulnerabilityId", finding.vulnerabilityId());
            entry.put("packages", finding.packages());
            entry.put("severity", finding.severity());
            entry.put("title", finding.title());
            worst.add(entry);
        }
        counts.put("worst", worst);
        return counts;
    }

    /** The variables of a build whose wait returned at a waiting step: its ARN, state and the step. */
    public static Map<String, String> waiting(ImageBuildVersionArn image, ImageBuildStatus status, WorkflowStep step) {
        Map<String, String> variables = started(image);
        variables.put(STATUS, status.name());
        if (WorkflowStep.isStepId(step.id())) { // only of the form AWS gives: it reaches shell commands
            variables.put(WAITING_STEP_ID, step.id());
        }
        return variables;
    }

    /**
     * What a wait returns at a waiting step: {@code imageBuildVersionArn}, {@code status} (the build's,
     * still under way), {@code waitingStep} (a map with {@code stepExecutionId}, {@code name},
     * {@code workflow}, {@code startTime}) and {@code consoleUrl} (if any).
     */
    public static Map<String, Object> waitingResult(
            ImageBuildVersionArn image, ImageBuildStatus status, WorkflowStep step) {
        LinkedHashMap<String, Object> result = new LinkedHashMap<>();
        result.put("imageBuildVersionArn", image.toString());
        result.put("status", status.name());
        LinkedHashMap<String, String> waitingStep = new LinkedHashMap<>();
        waitingStep.put("stepExecutionId", step.id());
        waitingStep.put("name", step.name());
        waitingStep.put("workflow", step.workflow());
        waitingStep.put("startTime", step.startTime());
        result.put("waitingStep", waitingStep);
        ConsoleLinks.image(image).ifPresent(url -> result.put("consoleUrl", url));
        return result;
    }

    private static List<String> containerImageUris(ImageBuild build) {
        return build.containers().stream().flatMap(c -> c.imageUris().stream()).collect(Collectors.toList());
    }
}
