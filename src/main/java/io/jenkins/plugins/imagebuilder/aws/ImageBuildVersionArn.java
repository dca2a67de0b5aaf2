package io.jenkins.plugins.imagebuilder.aws;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ARN of one build of an image, {@code arn:aws:imagebuilder:REGION:ACCOUNT:image/NAME/X.Y.Z/N}:
 * what StartImagePipelineExecution returns and what GetImage and CancelImageCreation take.
 */
public final class ImageBuildVersionArn {

    static final String SHAPE = "arn:aws:imagebuilder:REGION:ACCOUNT:image/NAME/1.0.0/1";
    // The service model's pattern for ImageBuildVersionArn.
    private static final Pattern MODEL = Pattern.compile(
            "^arn:aws[^:]*:imagebuilder:[^:]+:(?:[0-9]{12}|aws(?:-[a-z-]+)?):image/[a-z0-9-_]+/[0-9]+\\.[0-9]+\\.[0-9]+/[0-9]+$");
    private static final Pattern ACCOUNT = Pattern.compile("[0-9]{12}|aws(?:-[a-z-]+)?");
    private static final Pattern RESOURCE = Pattern.compile("([a-z0-9-_]+)/([0-9]+\\.[0-9]+\\.[0-9]+)/([0-9]+)");
    private static final Pattern VERSION_ONLY =
            Pattern.compile("[a-z0-9-_]+/(?:[0-9]+|x)\\.(?:[0-9]+|x)\\.(?:[0-9]+|x)");

    private final ArnParts parts;
    private final String name;
    private final String version;
    private final String buildNumber;

    private ImageBuildVersionArn(ArnParts parts, Matcher resource) {
        this.parts = parts;
        this.name = resource.group(1);
        this.version = resource.group(2);
        this.buildNumber = resource.group(3);
    }

    /**
     * Parses an image build version ARN; surrounding white space is ignored.
     *
     * @throws InvalidInputException saying what is wrong with it
     */
    public static ImageBuildVersionArn parse(String text) {
        ArnParts parts = ArnParts.parse(text, "image build version", SHAPE, "image", ACCOUNT);
        if (VERSION_ONLY.matcher(parts.resourceId).matches()) {
            throw new InvalidInputException(EngineMessage.ARN_NOT_A_BUILD_VERSION.format(parts.text));
        }
        Matcher resource = RESOURCE.matcher(parts.resourceId);
        if (!resource.matches() || !MODEL.matcher(parts.text).matches()) {
            throw new InvalidInputException(EngineMessage.ARN_BAD_IMAGE_BUILD_VERSION.format(parts.text, SHAPE));
        }
        return new ImageBuildVersionArn(parts, resource);
    }

    public String partition() {
        return parts.partition;
    }

    public AwsRegion region() {
        return parts.region;
    }

    public String account() {
        return parts.account;
    }

    /** The image (recipe) name. */
    public String name() {
        return name;
    }

    /** The semantic version, {@code 1.0.0}. */
    public String version() {
        return version;
    }

    /** The build number within the version. */
    public String buildNumber() {
        return buildNumber;
    }

    /**
     * The region to call: the ARN's own; a region given explicitly must be the same one.
     *
     * @throws InvalidInputException if the explicit region is malformed or differs from the ARN's
     */
    public AwsRegion regionAgreeingWith(String explicitRegion) {
        return parts.regionAgreeingWith(explicitRegion);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ImageBuildVersionArn && ((ImageBuildVersionArn) other).parts.text.equals(parts.text);
    }

    @Override
    public int hashCode() {
        return Objects.hash(parts.text);
    }

    @Override
    public String toString() {
        return parts.text;
    }
}
