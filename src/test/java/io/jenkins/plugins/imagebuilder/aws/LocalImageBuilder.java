package io.jenkins.plugins.imagebuilder.aws;

import java.io.IOException;
import java.time.Duration;

/**
 * A local EC2 Image Builder to try the plugin's steps without an AWS account: a {@link
 * LocalImageBuilderEndpoint} on 127.0.0.1 with demo pipelines (one that succeeds, one that fails,
 * one that waits for an approval, one whose images are scanned) and a key pair, which prints what
 * to configure in Jenkins and runs until stopped. Its image builds take a few seconds per state, long
 * enough to watch a wait and to abort one.
 *
 * <p>{@code mvn -f offline/pom.xml test-compile exec:java} runs it; {@code -Dport=} and {@code
 * -DstateSeconds=} change the port (default {@value #DEFAULT_PORT}) and how long each state lasts.
 */
public final class LocalImageBuilder implements AutoCloseable {

    public static final int DEFAULT_PORT = 8088;
    public static final String REGION = "us-east-1";
    /** The ID to give the demo's key pair in Jenkins' credentials. */
    public static final String CREDENTIALS_ID = "local-image-builder";
    /** The WaitForAction step the gated pipeline's builds wait at. */
    public static final String APPROVAL_STEP = "ApproveImage";

    private final LocalImageBuilderEndpoint endpoint;
    private final String pipelineArn;
    private final String failingPipelineArn;
    private final String gatedPipelineArn;
    private final String scannedPipelineArn;

    private LocalImageBuilder(LocalImageBuilderEndpoint endpoint, Duration stateLength) {
        this.endpoint = endpoint;
        FakeImageBuilder service = endpoint.service();
        service.lifecycle(ImageLifecycle.timed(
                stateLength,
                ImageBuildStatus.PENDING,
                ImageBuildStatus.BUILDING,
                ImageBuildStatus.TESTING,
                ImageBuildStatus.DISTRIBUTING,
                ImageBuildStatus.AVAILABLE));
        pipelineArn = service.addPipeline(REGION, "demo");
        service.distributeTo(pipelineArn, "eu-west-1");
        failingPipelineArn = service.addPipeline(REGION, "demo-failing");
        service.lifecycle(
                failingPipelineArn,
                ImageLifecycle.timed(
                                stateLength,
                                ImageBuildStatus.PENDING,
                                ImageBuildStatus.BUILDING,
                                ImageBuildStatus.FAILED)
                        .withReason(
                                "Component demo-tests failed: exit code 1 (a failure the demo pipeline always has)"));
        gatedPipelineArn = service.addPipeline(REGION, "demo-gated");
        service.holdForAction(gatedPipelineArn, APPROVAL_STEP);
        scannedPipelineArn = service.addPipeline(REGION, "demo-scanned");
        service.scan(
                scannedPipelineArn,
                ImageScan.completingAfter(
                        2,
                        ScanFinding.of(
                                "HIGH",
                                "CVE-2024-6387",
                                "openssh-server",
                                "8.7p1-38.el9",
                                "regreSSHion: remote code execution in sshd"),
                        ScanFinding.of(
                                        "MEDIUM",
                                        "CVE-2023-38546",
                                        "curl",
                                        "7.76.1-26.el9",
                                        "cookie injection with none file")
                                .fixedIn("7.76.1-26.el9_3.2")));
    }

    /** Starts the demo on this port of 127.0.0.1 (0 for a free one). */
    public static LocalImageBuilder start(int port, Duration stateLength) throws IOException {
        return new LocalImageBuilder(LocalImageBuilderEndpoint.start(port), stateLength);
    }

    public LocalImageBuilderEndpoint endpoint() {
        return endpoint;
    }

    /** A pipeline whose builds become AVAILABLE, with AMIs in us-east-1 and eu-west-1. */
    public String pipelineArn() {
        return pipelineArn;
    }

    /** A pipeline whose builds FAIL, with a reason. */
    public String failingPipelineArn() {
        return failingPipelineArn;
    }

    /** A pipeline whose builds wait at step {@value #APPROVAL_STEP} at the end of testing until resumed or stopped. */
    public String gatedPipelineArn() {
        return gatedPipelineArn;
    }

    /** A pipeline whose images are scanned once AVAILABLE, finding one HIGH and one MEDIUM vulnerability. */
    public String scannedPipelineArn() {
        return scannedPipelineArn;
    }

    /** The Pipeline the instructions suggest: start, wait (outside {@code node}: no executor waits), print the AMI. */
    public String examplePipeline() {
        return "def image = startImagePipeline(arn: '" + pipelineArn + "',\n"
                + "                               credentialsId: '" + CREDENTIALS_ID + "',\n"
                + "                               endpointUrl: '" + endpoint.url() + "',\n"
                + "                               tags: [team: 'web'], wait: true)\n"
                + "echo \"AMI ${image.amiId} from ${env.IMAGE_BUILD_VERSION_ARN}\"\n";
    }

    /** What to configure in Jenkins to use this endpoint. */
    public String instructions() {
        String url = endpoint.url();
        return "Local EC2 Image Builder listening on " + url + " (Ctrl+C stops it). In Jenkins:\n\n"
                + "1. Allow the endpoint: Manage Jenkins > System > EC2 Image Builder >\n"
                + "   \"Other endpoints that steps may call\": " + url + "\n"
                + "   or with Configuration as Code:\n"
                + "     unclassified:\n"
                + "       imageBuilder:\n"
                + "         allowedEndpoints: \"" + url + "\"\n\n"
                + "2. Add credentials: Manage Jenkins > Credentials > (global) > Add Credentials,\n"
                + "   kind \"AWS Credentials\", ID " + CREDENTIALS_ID + ",\n"
                + "   Access Key ID " + LocalImageBuilderEndpoint.ACCESS_KEY + ",\n"
                + "   Secret Access Key " + LocalImageBuilderEndpoint.SECRET_KEY + "\n"
                + "   (a key pair of this local endpoint, valid nowhere else).\n\n"
                + "3. Run this Pipeline:\n\n" + examplePipeline().indent(4) + "\n"
                + "   Its image build becomes AVAILABLE in about a minute; abort the build to see it cancelled.\n"
                + "   " + failingPipelineArn + " always fails.\n"
                + "   " + gatedPipelineArn + " waits at the end of testing, at step " + APPROVAL_STEP + ",\n"
                + "   until the step is resumed or stopped.\n"
                + "   " + scannedPipelineArn + " scans its images: one HIGH and one MEDIUM finding.\n";
    }

    @Override
    public void close() {
        endpoint.close();
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.getInteger("port", DEFAULT_PORT);
        Duration stateLength = Duration.ofSeconds(Long.getLong("stateSeconds", 12));
        try (LocalImageBuilder demo = start(port, stateLength)) {
            System.out.println(demo.instructions());
            Thread.currentThread().join();
        }
    }
}
