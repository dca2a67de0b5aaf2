package io.jenkins.plugins.imagebuilder.aws;

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

    // Only the validated text is kept, as a wait of hours keeps its ARN: the parts are read off it when asked for.
    private final String text;

    private ImageBuildVersionArn(String text) {
        this.text = text;
    }

    /**
     * Parses an image build version ARN; surrounding white space is ignored.
     *
     * @throws InvalidInputException saying what is wrong with it
     */
    public static ImageBuildVersionArn parse(String text) {
        ArnParts parts = ArnParts.parse(text, "image build version", SHAPE, "image", ACCOUNT);
        if (VERSION_ONLY.matcher(parts.resourceId).matches()) {
            throw new InvalidInputException(EngineMessage.ARN_NOT_A_BUILD_VERSION.format(UserText.escape(parts.text)));
        }
        Matcher resource = RESOURCE.matcher(parts.resourceId);
        if (!resource.matches() || !MODEL.matcher(parts.text).matches()) {
            throw new InvalidInputException(
                    EngineMessage.ARN_BAD_IMAGE_BUILD_VERSION.format(UserText.escape(parts.text), SHAPE));
        }
        return new ImageBuildVersionArn(parts.text);
    }

    public String partition() {
        return field(1);
    }

    public AwsRegion region() {
        return AwsRegion.of(field(3));
    }

    public String account() {
        return field(4);
    }

    /** The image (recipe) name. */
    public String name() {
        return resource(1);
    }

    /** The semantic version, {@code 1.0.0}. */
    public String version() {
        return resource(2);
    }

    /** The build number within the version. */
    public String buildNumber() {
        return resource(3);
    }

    private String field(int index) {
        return text.split(":", 6)[index];
    }

    private String resource(int index) {
        return field(5).split("/")[index];
    }

    /**
     * The region to call: the ARN's own; a region given explicitly must be the same one.
     *
     * @throws InvalidInputException if the explicit region is malformed or differs from the ARN's
     */
    public AwsRegion regionAgreeingWith(String explicitRegion) {
        return ArnParts.parse(text, "image build version", SHAPE, "image", ACCOUNT)
                .regionAgreeingWith(explicitRegion);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ImageBuildVersionArn && ((ImageBuildVersionArn) other).text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
