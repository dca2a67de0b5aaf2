package io.jenkins.plugins.imagebuilder.aws;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The ARN of an image pipeline, {@code arn:aws:imagebuilder:REGION:ACCOUNT:image-pipeline/NAME},
 * validated against the pattern of the service model. The region of a pipeline is part of its ARN.
 */
public final class ImagePipelineArn {

    static final String SHAPE = "arn:aws:imagebuilder:REGION:ACCOUNT:image-pipeline/NAME";
    // The service model's pattern for ImagePipelineArn, the final word on what is valid.
    private static final Pattern MODEL =
            Pattern.compile("^arn:aws[^:]*:imagebuilder:[^:]+:(?:[0-9]{12}|aws):image-pipeline/[a-z0-9-_]+$");
    private static final Pattern ACCOUNT = Pattern.compile("[0-9]{12}|aws");
    private static final Pattern NAME = Pattern.compile("[a-z0-9-_]+");

    private final ArnParts parts;

    private ImagePipelineArn(ArnParts parts) {
        this.parts = parts;
    }

    /**
     * Parses a pipeline ARN; surrounding white space is ignored.
     *
     * @throws InvalidInputException saying what is wrong with it
     */
    public static ImagePipelineArn parse(String text) {
        ArnParts parts = ArnParts.parse(text, "image pipeline", SHAPE, "image-pipeline", ACCOUNT);
        String name = parts.resourceId;
        if (!NAME.matcher(name).matches()) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!lower.equals(name) && NAME.matcher(lower).matches()) {
                throw new InvalidInputException(EngineMessage.ARN_UPPER_CASE_PIPELINE_NAME.format(
                        UserText.escape(parts.text), UserText.escape(name), UserText.escape(lower)));
            }
            throw new InvalidInputException(
                    EngineMessage.ARN_BAD_PIPELINE_NAME.format(UserText.escape(parts.text), UserText.escape(name)));
        }
        if (!MODEL.matcher(parts.text).matches()) {
            throw new InvalidInputException(
                    EngineMessage.ARN_NOT_AN_ARN.format(UserText.escape(parts.text), "image pipeline", SHAPE));
        }
        return new ImagePipelineArn(parts);
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

    /** The pipeline's name, the part after {@code image-pipeline/}. */
    public String name() {
        return parts.resourceId;
    }

    /**
     * The region to call: the ARN's own. A region given explicitly must be the same one, because a
     * pipeline can only be started in the region it lives in.
     *
     * @param explicitRegion a region the user named, or {@code null}/blank for none
     * @throws InvalidInputException if the explicit region is malformed or differs from the ARN's
     */
    public AwsRegion regionAgreeingWith(String explicitRegion) {
        return parts.regionAgreeingWith(explicitRegion);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ImagePipelineArn && ((ImagePipelineArn) other).parts.text.equals(parts.text);
    }

    @Override
    public int hashCode() {
        return Objects.hash(parts.text);
    }

    /** The ARN as given (without surrounding white space). */
    @Override
    public String toString() {
        return parts.text;
    }
}
