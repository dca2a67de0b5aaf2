package io.jenkins.plugins.imagebuilder.aws;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Links to the Image Builder console. Each partition with a public console has its own domain; the
 * isolated partitions (aws-iso...) have none reachable from outside, so no link is made for them.
 */
public final class ConsoleLinks {

    private ConsoleLinks() {}

    /** The image build's page. */
    public static Optional<String> image(ImageBuildVersionArn image) {
        return link(image.partition(), image.region(), "images/" + encode(image.toString()));
    }

    /** The pipeline's page. */
    public static Optional<String> pipeline(ImagePipelineArn pipeline) {
        return link(pipeline.partition(), pipeline.region(), "pipelines/" + encode(pipeline.toString()));
    }

    private static Optional<String> link(String partition, AwsRegion region, String route) {
        String domain;
        switch (partition) {
            case "aws":
                domain = "console.aws.amazon.com";
                break;
            case "aws-cn":
                domain = "console.amazonaws.cn";
                break;
            case "aws-us-gov":
                domain = "console.amazonaws-us-gov.com";
                break;
            default:
                return Optional.empty();
        }
        return Optional.of("https://" + region + "." + domain + "/imagebuilder/home?region=" + region + "#/" + route);
    }

    private static String encode(String arn) {
        return URLEncoder.encode(arn, StandardCharsets.UTF_8);
    }
}
