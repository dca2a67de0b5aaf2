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
        return variables;
    }

    /**
     * What a waiting step returns: {@code imageBuildVersionArn}, {@code status}, {@code version},
     * {@code amiId} (if any), {@code amis} (a list of maps with {@code region}, {@code accountId},
     * {@code imageId}, {@code name}), {@code containerImageUris} and {@code consoleUrl} (if any).
     */
    public static Map<String, Object> result(ImageBuild reported) {
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
        return result;
    }

    private static List<String> containerImageUris(ImageBuild build) {
        return build.containers().stream().flatMap(c -> c.imageUris().stream()).collect(Collectors.toList());
    }
}
