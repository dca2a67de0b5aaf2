package io.jenkins.plugins.imagebuilder.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ImageBuildVariablesTest {

    private static final ImageBuildVersionArn ARN =
            ImageBuildVersionArn.parse("arn:aws:imagebuilder:us-east-1:111122223333:image/web/1.2.0/7");

    private static ImageBuild available() {
        return new ImageBuild(
                ARN,
                ImageBuildStatus.AVAILABLE,
                null,
                "1.2.0/7",
                List.of(
                        new AmiOutput("us-east-1", "999988887777", "ami-0123456789abcdef0", "web"),
                        new AmiOutput("us-east-1", "111122223333", "ami-0aaaaaaaaaaaaaaaa", "web"),
                        new AmiOutput("eu-west-1", "111122223333", "ami-0bbbbbbbbbbbbbbbb", "web")),
                List.of());
    }

    @Test
    void environmentOfAnAvailableAmiBuild() {
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("IMAGE_BUILD_VERSION_ARN", ARN.toString());
        expected.put("IMAGE_BUILDER_STATUS", "AVAILABLE");
        expected.put("IMAGE_BUILDER_IMAGE_VERSION", "1.2.0/7");
        expected.put("IMAGE_BUILDER_AMI_ID", "ami-0aaaaaaaaaaaaaaaa");
        expected.put("IMAGE_BUILDER_AMI_ID_US_EAST_1", "ami-0aaaaaaaaaaaaaaaa");
        expected.put("IMAGE_BUILDER_AMI_ID_EU_WEST_1", "ami-0bbbbbbbbbbbbbbbb");
        expected.put(
                "IMAGE_BUILDER_AMIS",
                "999988887777:us-east-1:ami-0123456789abcdef0,111122223333:us-east-1:ami-0aaaaaaaaaaaaaaaa,111122223333:eu-west-1:ami-0bbbbbbbbbbbbbbbb");

        assertEquals(expected, ImageBuildVariables.finished(available()));
    }

    @Test
    void environmentOfAContainerBuild() {
        ImageBuild build = new ImageBuild(
                ARN,
                ImageBuildStatus.AVAILABLE,
                null,
                "1.2.0/7",
                List.of(),
                List.of(new ContainerOutput(
                        "us-east-1",
                        List.of(
                                "111122223333.dkr.ecr.us-east-1.amazonaws.com/web:1",
                                "111122223333.dkr.ecr.us-east-1.amazonaws.com/web:latest"))));

        Map<String, String> environment = ImageBuildVariables.finished(build);

        assertEquals(
                "111122223333.dkr.ecr.us-east-1.amazonaws.com/web:1,111122223333.dkr.ecr.us-east-1.amazonaws.com/web:latest",
                environment.get("IMAGE_BUILDER_CONTAINER_IMAGE_URIS"));
        assertFalse(environment.containsKey("IMAGE_BUILDER_AMI_ID"));
    }

    @Test
    void outputsOfAnotherFormAreLeftOutAndSaidSo() {
        ImageBuild odd = new ImageBuild(
                ARN,
                ImageBuildStatus.AVAILABLE,
                null,
                "1.2.0/7",
                java.util.Arrays.asList(
                        new AmiOutput("us-east-1", "111122223333", "ami-0aaaaaaaaaaaaaaaa", "web $(reboot)\n"),
                        new AmiOutput("us-east-1", "111122223333", "ami-1; rm -rf /", "web"),
                        new AmiOutput("us-east-1", "111122223333", null, "web"),
                        new AmiOutput("../../etc", "111122223333", "ami-0bbbbbbbbbbbbbbbb", "web"),
                        new AmiOutput("eu-west-1", "not-an-account", "ami-0bbbbbbbbbbbbbbbb", "web")),
                List.of(new ContainerOutput(
                        "us-east-1",
                        List.of("111122223333.dkr.ecr.us-east-1.amazonaws.com/web:1", "evil.example.com/x;id"))));

        Map<String, String> environment = ImageBuildVariables.finished(odd);
        Map<String, Object> result = ImageBuildVariables.result(odd);

        assertEquals("111122223333:us-east-1:ami-0aaaaaaaaaaaaaaaa", environment.get("IMAGE_BUILDER_AMIS"));
        assertEquals(
                "111122223333.dkr.ecr.us-east-1.amazonaws.com/web:1",
                environment.get("IMAGE_BUILDER_CONTAINER_IMAGE_URIS"));
        assertFalse(environment.containsKey("IMAGE_BUILDER_AMI_ID_EU_WEST_1"));
        assertEquals("web $(reboot)\\n", ((Map<?, ?>) ((List<?>) result.get("amis")).get(0)).get("name"));
        List<String> warnings = ImageOutputs.of(odd).warnings();
        assertEquals(5, warnings.size(), warnings.toString());
        assertFalse(String.join("", warnings).chars().anyMatch(Character::isISOControl));
    }

    @Test
    void theResultIsPlainSerializableData() throws IOException {
        Map<String, Object> result = ImageBuildVariables.result(available());

        assertEquals("ami-0aaaaaaaaaaaaaaaa", result.get("amiId"));
        assertEquals("AVAILABLE", result.get("status"));
        assertEquals(3, ((List<?>) result.get("amis")).size());
        assertEquals(
                Map.of(
                        "region",
                        "eu-west-1",
                        "accountId",
                        "111122223333",
                        "imageId",
                        "ami-0bbbbbbbbbbbbbbbb",
                        "name",
                        "web"),
                ((List<?>) result.get("amis")).get(2));
        try (ObjectOutputStream out = new ObjectOutputStream(new ByteArrayOutputStream())) {
            out.writeObject(result); // Jenkins keeps step results in the Pipeline's program state
        }
    }
}
