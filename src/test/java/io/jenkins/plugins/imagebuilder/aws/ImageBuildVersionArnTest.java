package io.jenkins.plugins.imagebuilder.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ImageBuildVersionArnTest {

    @Test
    void partsOfAnImageBuildVersionArn() {
        ImageBuildVersionArn arn =
                ImageBuildVersionArn.parse("arn:aws-cn:imagebuilder:cn-north-1:123456789012:image/web-app/2.10.3/17");

        assertEquals("aws-cn", arn.partition());
        assertEquals("cn-north-1", arn.region().name());
        assertEquals("123456789012", arn.account());
        assertEquals("web-app", arn.name());
        assertEquals("2.10.3", arn.version());
        assertEquals("17", arn.buildNumber());
    }

    @Test
    void aVersionWithoutBuildNumberGetsAHint() {
        InvalidInputException e = assertThrows(
                InvalidInputException.class,
                () -> ImageBuildVersionArn.parse("arn:aws:imagebuilder:us-east-1:123456789012:image/web/1.0.0"));

        assertTrue(
                e.getMessage().contains("names an image version, not one build of it: add the build number"),
                e.getMessage());
    }

    @Test
    void aPipelineArnIsNoImageArn() {
        InvalidInputException e = assertThrows(
                InvalidInputException.class,
                () -> ImageBuildVersionArn.parse("arn:aws:imagebuilder:us-east-1:123456789012:image-pipeline/web"));

        assertTrue(
                e.getMessage().contains("is the ARN of an Image Builder image pipeline, not of an image build version"),
                e.getMessage());
    }

    @Test
    void aMangledVersionIsRefused() {
        assertThrows(
                InvalidInputException.class,
                () -> ImageBuildVersionArn.parse("arn:aws:imagebuilder:us-east-1:123456789012:image/web/1.0/1"));
    }
}
