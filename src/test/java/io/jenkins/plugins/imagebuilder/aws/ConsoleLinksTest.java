package io.jenkins.plugins.imagebuilder.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConsoleLinksTest {

    @Test
    void imageLinksPointAtThePartitionsConsole() {
        assertEquals(
                Optional.of("https://eu-west-1.console.aws.amazon.com/imagebuilder/home?region=eu-west-1#/images/"
                        + "arn%3Aaws%3Aimagebuilder%3Aeu-west-1%3A123456789012%3Aimage%2Fweb%2F1.0.0%2F4"),
                ConsoleLinks.image(
                        ImageBuildVersionArn.parse("arn:aws:imagebuilder:eu-west-1:123456789012:image/web/1.0.0/4")));
        assertEquals(
                Optional.of("https://cn-north-1.console.amazonaws.cn/imagebuilder/home?region=cn-north-1#/images/"
                        + "arn%3Aaws-cn%3Aimagebuilder%3Acn-north-1%3A123456789012%3Aimage%2Fweb%2F1.0.0%2F4"),
                ConsoleLinks.image(ImageBuildVersionArn.parse(
                        "arn:aws-cn:imagebuilder:cn-north-1:123456789012:image/web/1.0.0/4")));
        assertEquals(
                Optional.of(
                        "https://us-gov-east-1.console.amazonaws-us-gov.com/imagebuilder/home?region=us-gov-east-1#/images/"
                                + "arn%3Aaws-us-gov%3Aimagebuilder%3Aus-gov-east-1%3A123456789012%3Aimage%2Fweb%2F1.0.0%2F4"),
                ConsoleLinks.image(ImageBuildVersionArn.parse(
                        "arn:aws-us-gov:imagebuilder:us-gov-east-1:123456789012:image/web/1.0.0/4")));
    }

    @Test
    void pipelineLinks() {
        assertEquals(
                Optional.of("https://us-east-1.console.aws.amazon.com/imagebuilder/home?region=us-east-1#/pipelines/"
                        + "arn%3Aaws%3Aimagebuilder%3Aus-east-1%3A123456789012%3Aimage-pipeline%2Fweb"),
                ConsoleLinks.pipeline(
                        ImagePipelineArn.parse("arn:aws:imagebuilder:us-east-1:123456789012:image-pipeline/web")));
    }

    @Test
    void isolatedPartitionsGetNoLink() {
        assertEquals(
                Optional.empty(),
                ConsoleLinks.image(ImageBuildVersionArn.parse(
                        "arn:aws-iso:imagebuilder:us-iso-east-1:123456789012:image/web/1.0.0/4")));
    }
}
