package io.jenkins.plugins.imagebuilder.aws;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What an image build produced that later steps may use: only AMIs and container image URIs of the
 * shapes AWS gives them, since users interpolate them into shell commands. Anything else is left out,
 * with a warning that says so; free text (AMI names) is escaped.
 */
final class ImageOutputs {

    private static final Pattern AMI_ID = Pattern.compile("ami-(?:[0-9a-f]{8}|[0-9a-f]{17})");
    private static final Pattern ACCOUNT = Pattern.compile("[0-9]{12}");
    private static final Pattern REGION = Pattern.compile("[a-z]{2,}(?:-[a-z]+)+-[0-9]{1,2}");
    // ACCOUNT.dkr.ecr[-fips].REGION.amazonaws.com[.cn]/repository[:tag|@sha256:digest]
    private static final Pattern ECR_IMAGE_URI = Pattern.compile(
            "[0-9]{12}\\.dkr\\.ecr(?:-fips)?\\."
                    + REGION.pattern()
                    + "\\.amazonaws\\.com(?:\\.cn)?/[a-z0-9](?:[a-z0-9._/-]{0,254})(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}|@sha256:[0-9a-f]{64})?");

    private final List<AmiOutput> amis = new ArrayList<>();
    private final List<ContainerOutput> containers = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    private ImageOutputs() {}

    static ImageOutputs of(ImageBuild build) {
        ImageOutputs outputs = new ImageOutputs();
        for (AmiOutput ami : build.amis()) {
            if (valid(AMI_ID, ami.imageId())
                    && valid(REGION, ami.region())
                    && (ami.accountId() == null || valid(ACCOUNT, ami.accountId()))) {
                outputs.amis.add(
                        new AmiOutput(ami.region(), ami.accountId(), ami.imageId(), UserText.escape(ami.name())));
            } else {
                outputs.warnings.add(EngineMessage.OUTPUT_BAD_AMI.format(
                        UserText.escape(ami.imageId()),
                        UserText.escape(ami.region()),
                        UserText.escape(ami.accountId())));
            }
        }
        for (ContainerOutput container : build.containers()) {
            List<String> uris = new ArrayList<>();
            for (String uri : container.imageUris()) {
                if (valid(ECR_IMAGE_URI, uri) && valid(REGION, container.region())) {
                    uris.add(uri);
                } else {
                    outputs.warnings.add(EngineMessage.OUTPUT_BAD_CONTAINER.format(UserText.escape(uri)));
                }
            }
            if (!uris.isEmpty()) {
                outputs.containers.add(new ContainerOutput(container.region(), uris));
            }
        }
        return outputs;
    }

    private static boolean valid(Pattern shape, String value) {
        return value != null && shape.matcher(value).matches();
    }

    List<AmiOutput> amis() {
        return amis;
    }

    List<ContainerOutput> containers() {
        return containers;
    }

    /** The build with only these outputs. */
    ImageBuild applyTo(ImageBuild build) {
        return new ImageBuild(
                build.arn(), build.status(), build.reason(), build.version(), amis, containers, build.scan());
    }

    /** One line for each output left out. */
    List<String> warnings() {
        return warnings;
    }
}
