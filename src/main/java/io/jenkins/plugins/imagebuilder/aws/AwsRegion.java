package io.jenkins.plugins.imagebuilder.aws;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An AWS region name such as {@code us-east-1}, checked for its shape only: new regions keep
 * appearing, so there is deliberately no list of known ones.
 */
public final class AwsRegion {

    // us-east-1, us-gov-west-1, cn-north-1, us-isob-east-1, eusc-de-east-1, ...
    private static final Pattern NAME = Pattern.compile("[a-z]{2,}(-[a-z]+)+-[0-9]{1,2}");

    private final String name;

    private AwsRegion(String name) {
        this.name = name;
    }

    /** @throws InvalidInputException if {@code name} does not have the shape of a region name */
    public static AwsRegion of(String name) {
        String trimmed = name == null ? "" : name.strip();
        if (!NAME.matcher(trimmed).matches()) {
            throw new InvalidInputException(EngineMessage.REGION_BAD_NAME.format(UserText.escape(trimmed)));
        }
        return new AwsRegion(trimmed);
    }

    public String name() {
        return name;
    }

    /** The partition this region must belong to, where its name says so; {@code null} otherwise. */
    String impliedPartition() {
        if (name.startsWith("cn-")) {
            return "aws-cn";
        }
        if (name.startsWith("us-gov-")) {
            return "aws-us-gov";
        }
        return null;
    }

    void requirePartition(String partition) {
        String implied = impliedPartition();
        boolean regionSaysOther = implied != null && !implied.equals(partition);
        boolean partitionSaysOther = ("aws-cn".equals(partition) || "aws-us-gov".equals(partition)) && implied == null;
        if (regionSaysOther || partitionSaysOther) {
            throw new InvalidInputException(EngineMessage.REGION_PARTITION_MISMATCH.format(name, partition));
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AwsRegion && ((AwsRegion) other).name.equals(name);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name);
    }

    @Override
    public String toString() {
        return name;
    }
}
