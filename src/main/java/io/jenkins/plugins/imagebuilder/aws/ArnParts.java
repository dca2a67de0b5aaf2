package io.jenkins.plugins.imagebuilder.aws;

import java.util.regex.Pattern;

/**
 * The six fields of an Image Builder ARN, {@code arn:PARTITION:imagebuilder:REGION:ACCOUNT:TYPE/ID},
 * checked one by one so that each kind of mistake gets its own message.
 */
final class ArnParts {

    private static final Pattern PARTITION = Pattern.compile("aws[^:]*");

    final String text;
    final String partition;
    final AwsRegion region;
    final String account;
    final String resourceType;
    final String resourceId;

    private ArnParts(
            String text, String partition, AwsRegion region, String account, String resourceType, String resourceId) {
        this.text = text;
        this.partition = partition;
        this.region = region;
        this.account = account;
        this.resourceType = resourceType;
        this.resourceId = resourceId;
    }

    /**
     * @param what what the ARN names, for messages ("image pipeline")
     * @param shape the expected form, for messages
     * @param accountPattern the account field the service accepts for this resource
     */
    static ArnParts parse(String input, String what, String shape, String expectedType, Pattern accountPattern) {
        String text = input == null ? "" : input.strip();
        if (text.isEmpty()) {
            throw new InvalidInputException(EngineMessage.ARN_REQUIRED.format(what, shape));
        }
        String[] fields = text.split(":", 6);
        if (fields.length < 6 || !fields[0].equals("arn")) {
            throw new InvalidInputException(EngineMessage.ARN_NOT_AN_ARN.format(UserText.escape(text), what, shape));
        }
        if (!fields[2].equals("imagebuilder")) {
            throw new InvalidInputException(EngineMessage.ARN_NOT_IMAGE_BUILDER.format(
                    UserText.escape(text), UserText.escape(fields[2]), what, shape));
        }
        if (!PARTITION.matcher(fields[1]).matches()) {
            throw new InvalidInputException(
                    EngineMessage.ARN_BAD_PARTITION.format(UserText.escape(text), UserText.escape(fields[1])));
        }
        AwsRegion region = AwsRegion.of(fields[3]);
        region.requirePartition(fields[1]);
        if (!accountPattern.matcher(fields[4]).matches()) {
            throw new InvalidInputException(
                    EngineMessage.ARN_BAD_ACCOUNT.format(UserText.escape(text), UserText.escape(fields[4])));
        }
        String resource = fields[5];
        int slash = resource.indexOf('/');
        String type = slash < 0 ? resource : resource.substring(0, slash);
        if (!type.equals(expectedType)) {
            throw new InvalidInputException(EngineMessage.ARN_WRONG_RESOURCE.format(
                    UserText.escape(text), UserText.escape(type.replace('-', ' ')), what, shape));
        }
        return new ArnParts(text, fields[1], region, fields[4], type, resource.substring(slash + 1));
    }

    /** The ARN's region, after checking that a region named explicitly (if any) is the same. */
    AwsRegion regionAgreeingWith(String explicitRegion) {
        if (explicitRegion == null || explicitRegion.isBlank()) {
            return region;
        }
        AwsRegion explicit = AwsRegion.of(explicitRegion);
        if (!explicit.equals(region)) {
            throw new InvalidInputException(
                    EngineMessage.REGION_DISAGREES_WITH_ARN.format(explicit, UserText.escape(text), region));
        }
        return explicit;
    }
}
