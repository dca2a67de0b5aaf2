package io.jenkins.plugins.imagebuilder.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every kind of bad input gets its own message, and none of them reaches AWS. */
class ImageBuildRequestTest {

    private static final String PIPELINE = "arn:aws:imagebuilder:us-east-1:123456789012:image-pipeline/web";

    @RegisterExtension
    final LocalImageBuilderEndpoint endpoint = new LocalImageBuilderEndpoint();

    @RegisterExtension
    final TestRuntime runtime = new TestRuntime();

    static Stream<Arguments> badInputs() {
        return Stream.of(
                bad("no ARN", r -> r.arn(null), "The image pipeline ARN is required"),
                bad("blank ARN", r -> r.arn("   "), "The image pipeline ARN is required"),
                bad("a pipeline name instead of an ARN", r -> r.arn("web"), "\"web\" is not an image pipeline ARN"),
                bad(
                        "an ARN with too few fields",
                        r -> r.arn("arn:aws:imagebuilder:us-east-1:123456789012"),
                        "is not an image pipeline ARN"),
                bad(
                        "an ARN of another service",
                        r -> r.arn("arn:aws:ec2:us-east-1:123456789012:instance/i-0abc"),
                        "is an ARN of the ec2 service, not of Image Builder"),
                bad(
                        "an unknown partition",
                        r -> r.arn("arn:azure:imagebuilder:us-east-1:123456789012:image-pipeline/web"),
                        "names the partition \"azure\""),
                bad(
                        "a short account",
                        r -> r.arn("arn:aws:imagebuilder:us-east-1:12345:image-pipeline/web"),
                        "names the account \"12345\", which must be a 12-digit AWS account ID"),
                bad(
                        "a recipe ARN",
                        r -> r.arn("arn:aws:imagebuilder:us-east-1:123456789012:image-recipe/web/1.0.0"),
                        "is the ARN of an Image Builder image recipe, not of an image pipeline"),
                bad(
                        "an image ARN",
                        r -> r.arn("arn:aws:imagebuilder:us-east-1:123456789012:image/web/1.0.0/1"),
                        "is the ARN of an Image Builder image, not of an image pipeline"),
                bad(
                        "capitals in the pipeline name",
                        r -> r.arn("arn:aws:imagebuilder:us-east-1:123456789012:image-pipeline/Web-Images"),
                        "pipeline ARNs are all lower case (\"web-images\")"),
                bad(
                        "a space in the pipeline name",
                        r -> r.arn("arn:aws:imagebuilder:us-east-1:123456789012:image-pipeline/web images"),
                        "names the pipeline \"web images\", which is not a valid name"),
                bad(
                        "a malformed region in the ARN",
                        r -> r.arn("arn:aws:imagebuilder:useast1:123456789012:image-pipeline/web"),
                        "\"useast1\" is not an AWS region name"),
                bad(
                        "a China region in the aws partition",
                        r -> r.arn("arn:aws:imagebuilder:cn-north-1:123456789012:image-pipeline/web"),
                        "The region cn-north-1 is not in the partition aws"),
                bad(
                        "a commercial region in GovCloud",
                        r -> r.arn("arn:aws-us-gov:imagebuilder:us-east-1:123456789012:image-pipeline/web"),
                        "The region us-east-1 is not in the partition aws-us-gov"),
                bad(
                        "an explicit region other than the ARN's",
                        r -> r.region("eu-west-1"),
                        "The region eu-west-1 does not match the ARN " + PIPELINE + ", which is in us-east-1"),
                bad(
                        "an explicit region that is no region",
                        r -> r.region("Europe (Ireland)"),
                        "\"Europe (Ireland)\" is not an AWS region name"),
                bad("51 tags", r -> r.tags(manyTags(51)), "51 tags were given; Image Builder accepts at most 50"),
                bad("an empty tag key", r -> r.tags(Map.of("", "x")), "A tag has an empty key"),
                bad(
                        "a tag key of 129 characters",
                        r -> r.tags(Map.of("k".repeat(129), "x")),
                        "has 129 characters; the limit is 128"),
                bad(
                        "a tag key starting with aws:",
                        r -> r.tags(Map.of("aws:team", "web")),
                        "The tag key \"aws:team\" starts with \"aws:\""),
                bad("a tag key with a star", r -> r.tags(Map.of("team*", "web")), "The tag key \"team*\" contains *"),
                bad(
                        "a tag value of 257 characters",
                        r -> r.tags(Map.of("team", "v".repeat(257))),
                        "The value of the tag \"team\" has 257 characters; the limit is 256"),
                bad("a tag without value", r -> r.tags(nullValue("team")), "The tag \"team\" has no value"),
                bad(
                        "user tags that overflow with the traceability tags",
                        r -> r.tags(manyTags(48))
                                .traceabilityTags(Map.of("jenkins:job", "a", "jenkins:build", "1", "jenkins:url", "u")),
                        "51 tags were given, counting the 3 Jenkins traceability tags"),
                bad(
                        "a client token of 37 characters",
                        r -> r.clientToken("t".repeat(37)),
                        "The client token has 37 characters; Image Builder accepts at most 36"),
                bad(
                        "a client token with a leading space",
                        r -> r.clientToken(" token"),
                        "The client token must not start or end with white space"),
                bad(
                        "an endpoint URL with another scheme",
                        r -> r.endpointUrl("ftp://imagebuilder.example.com"),
                        "The endpoint URL \"ftp://imagebuilder.example.com\" is not an absolute http(s) URL"),
                bad(
                        "an endpoint URL that is no URL",
                        r -> r.endpointUrl("imagebuilder endpoint"),
                        "The endpoint URL \"imagebuilder endpoint\" is not an absolute http(s) URL"));
    }

    private static Arguments bad(String what, UnaryOperator<EngineFixtures.Launch> change, String expectedMessage) {
        return Arguments.of(what, change, expectedMessage);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void badInputIsRefusedWithItsOwnMessageAndNothingIsSent(
            String what, UnaryOperator<EngineFixtures.Launch> change, String expectedMessage) {
        endpoint.service().addPipeline(PIPELINE);
        EngineFixtures.Launch launch = change.apply(EngineFixtures.launch(endpoint, PIPELINE));

        InvalidInputException e = assertThrows(InvalidInputException.class, () -> runtime.start(launch));

        assertTrue(e.getMessage().contains(expectedMessage), () -> what + ": " + e.getMessage());
        assertTrue(endpoint.requests().isEmpty(), "nothing may be sent for " + what);
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        EngineFixtures.Launch launch = EngineFixtures.launch(
                        endpoint, "arn:aws:imagebuilder:us-east-1:123456789012:image-pipeline/Web")
                .tags(Map.of("aws:owner", "me"))
                .clientToken("t".repeat(40));

        InvalidInputException e = assertThrows(InvalidInputException.class, () -> runtime.start(launch));

        assertEquals(3, e.problems().size(), e.getMessage());
        assertTrue(e.getMessage().startsWith("3 problems were found:"), e.getMessage());
        assertTrue(endpoint.requests().isEmpty());
    }

    @Test
    void inputEchoedInAMessageCannotForgeLogLinesNorFloodThem() {
        EngineFixtures.Launch forged = EngineFixtures.launch(endpoint, PIPELINE)
                .region("us-east-1\u001B[2K\rFinished: SUCCESS")
                .tags(Map.of("team\nFinished: SUCCESS", "web"));
        EngineFixtures.Launch huge = EngineFixtures.launch(endpoint, "arn:" + "x".repeat(100_000));

        String forgedMessage = assertThrows(InvalidInputException.class, () -> runtime.start(forged))
                .getMessage();
        String hugeMessage = assertThrows(InvalidInputException.class, () -> runtime.start(huge))
                .getMessage();

        assertTrue(forgedMessage.contains("team\\nFinished: SUCCESS"), forgedMessage);
        assertTrue(forgedMessage.contains("\\u001B[2K\\rFinished"), forgedMessage);
        assertTrue(
                forgedMessage.lines().noneMatch(line -> line.strip().startsWith("Finished:")),
                "no line of its own: " + forgedMessage);
        assertFalse(forgedMessage.chars().anyMatch(c -> c == 0x1B || c == '\r'), forgedMessage);
        assertTrue(hugeMessage.length() < 1_000, "cut: " + hugeMessage.length() + " characters");
        assertTrue(hugeMessage.contains("(99804 more characters)"), hugeMessage);
        assertTrue(endpoint.requests().isEmpty());
    }

    @Test
    void validInputPassesFromEveryPartitionAndNewRegions() {
        for (String arn : new String[] {
            "arn:aws:imagebuilder:us-east-1:123456789012:image-pipeline/web",
            "arn:aws-cn:imagebuilder:cn-northwest-1:123456789012:image-pipeline/web",
            "arn:aws-us-gov:imagebuilder:us-gov-west-1:123456789012:image-pipeline/web",
            "arn:aws-iso-b:imagebuilder:us-isob-east-1:123456789012:image-pipeline/web",
            "arn:aws:imagebuilder:mx-central-1:123456789012:image-pipeline/web_2",
            "arn:aws-eusc:imagebuilder:eusc-de-east-1:123456789012:image-pipeline/web",
            "  arn:aws:imagebuilder:ap-southeast-7:123456789012:image-pipeline/a-b_c  "
        }) {
            ImageBuildRequest request = ImageBuildRequest.from(StepOptions.start(arn), EngineFixtures.BUILD);
            assertEquals(arn.strip(), request.pipeline().toString());
            assertEquals(arn.strip().split(":")[3], request.region().name());
        }
    }

    private static Map<String, String> manyTags(int count) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            tags.put("tag" + i, "value" + i);
        }
        return tags;
    }

    private static Map<String, String> nullValue(String key) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(key, null);
        return tags;
    }
}
