package io.jenkins.plugins.imagebuilder.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.imagebuilder.ImagebuilderClient;
import software.amazon.awssdk.services.imagebuilder.model.Filter;
import software.amazon.awssdk.services.imagebuilder.model.Image;
import software.amazon.awssdk.services.imagebuilder.model.ImageScanFinding;
import software.amazon.awssdk.services.imagebuilder.model.ImageScanFindingsFilter;
import software.amazon.awssdk.services.imagebuilder.model.ImageScanStatus;
import software.amazon.awssdk.services.imagebuilder.model.InvalidPaginationTokenException;
import software.amazon.awssdk.services.imagebuilder.model.InvalidRequestException;
import software.amazon.awssdk.services.imagebuilder.model.ListImageScanFindingAggregationsResponse;
import software.amazon.awssdk.services.imagebuilder.model.ListImageScanFindingsResponse;
import software.amazon.awssdk.services.imagebuilder.model.SeverityCounts;

/** Image scanning through the real SDK: GetImage's scan state, the findings and their counts. */
class LocalImageBuilderScansTest {

    private static final ScanFinding OPENSSH = ScanFinding.of(
            "HIGH", "CVE-2024-6387", "openssh-server", "8.7p1-38.el9", "regreSSHion: remote code execution in sshd");
    private static final ScanFinding CURL = ScanFinding.of(
                    "MEDIUM", "CVE-2023-38546", "curl", "7.76.1-26.el9", "cookie injection with none file")
            .fixedIn("7.76.1-26.el9_3.2");
    private static final ScanFinding TAR =
            ScanFinding.of("LOW", "CVE-2022-48303", "tar", "1.34-6.el9", "one-byte out-of-bounds read");

    @RegisterExtension
    final LocalImageBuilderEndpoint endpoint = new LocalImageBuilderEndpoint();

    private FakeImageBuilder service;
    private String pipeline;
    private ImagebuilderClient sdk;

    @BeforeEach
    void scannedPipeline() {
        service = endpoint.service();
        pipeline = service.addPipeline("us-east-1", "scanned");
        service.lifecycle(pipeline, ImageLifecycle.byPolls(ImageBuildStatus.BUILDING, ImageBuildStatus.AVAILABLE));
        sdk = ImagebuilderClient.builder()
                .region(Region.US_EAST_1)
                .endpointOverride(endpoint.uri())
                .credentialsProvider(EngineFixtures.testCredentials())
                .build();
    }

    private String start(String pipelineArn) {
        return sdk.startImagePipelineExecution(r -> r.imagePipelineArn(pipelineArn))
                .imageBuildVersionArn();
    }

    private Image image(String arn) {
        return sdk.getImage(r -> r.imageBuildVersionArn(arn)).image();
    }

    private static ImageScanFindingsFilter findingsOf(String name, String... values) {
        return ImageScanFindingsFilter.builder().name(name).values(values).build();
    }

    private SeverityCounts counts(String image) {
        ListImageScanFindingAggregationsResponse answer = sdk.listImageScanFindingAggregations(r -> r.filter(
                Filter.builder().name("imageBuildVersionArn").values(image).build()));
        assertEquals("imageBuildVersionArn", answer.aggregationType());
        assertEquals(image, answer.responses().get(0).imageAggregation().imageBuildVersionArn());
        return answer.responses().get(0).imageAggregation().severityCounts();
    }

    @Test
    void theScanRunsForItsPollsOnceAvailableThenItsFindingsAreListedAndCounted() {
        service.scan(pipeline, ImageScan.completingAfter(2, OPENSSH, CURL, TAR));
        String image = start(pipeline);

        Image building = image(image);
        assertTrue(building.imageScanningConfiguration().imageScanningEnabled());
        assertNull(building.scanState(), "no scan before the image is AVAILABLE");
        assertEquals(ImageScanStatus.PENDING, image(image).scanState().status());
        assertEquals(0L, counts(image).all(), "nothing counted before the scan COMPLETED");
        assertTrue(sdk.listImageScanFindings(r -> {}).findings().isEmpty());
        assertEquals(ImageScanStatus.SCANNING, image(image).scanState().status());
        assertEquals(ImageScanStatus.COMPLETED, image(image).scanState().status());

        SeverityCounts counts = counts(image);
        assertEquals(3L, counts.all());
        assertEquals(0L, counts.critical());
        assertEquals(1L, counts.high());
        assertEquals(1L, counts.medium());

        List<ImageScanFinding> listed = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            String from = token;
            ListImageScanFindingsResponse page =
                    sdk.listImageScanFindings(r -> r.filters(findingsOf("imageBuildVersionArn", image))
                            .maxResults(1)
                            .nextToken(from));
            assertNotNull(page.requestId());
            listed.addAll(page.findings());
            token = page.nextToken();
            pages++;
        } while (token != null);
        assertEquals(3, pages);
        assertEquals(
                List.of("CVE-2024-6387", "CVE-2023-38546", "CVE-2022-48303"),
                listed.stream()
                        .map(f -> f.packageVulnerabilityDetails().vulnerabilityId())
                        .collect(Collectors.toList()));
        ImageScanFinding high = listed.get(0);
        assertEquals(FakeImageBuilder.ACCOUNT, high.awsAccountId());
        assertEquals(image, high.imageBuildVersionArn());
        assertEquals(pipeline, high.imagePipelineArn());
        assertEquals("PACKAGE_VULNERABILITY", high.type());
        assertEquals("HIGH", high.severity());
        assertEquals("regreSSHion: remote code execution in sshd", high.title());
        assertNotNull(high.description());
        assertNotNull(high.firstObservedAt());
        assertEquals("NVD", high.packageVulnerabilityDetails().source());
        assertEquals(
                "openssh-server",
                high.packageVulnerabilityDetails().vulnerablePackages().get(0).name());
        assertEquals(
                "8.7p1-38.el9",
                high.packageVulnerabilityDetails().vulnerablePackages().get(0).version());
        assertEquals("NO", high.fixAvailable());
        assertEquals("YES", listed.get(1).fixAvailable());
        assertEquals(
                "7.76.1-26.el9_3.2",
                listed.get(1)
                        .packageVulnerabilityDetails()
                        .vulnerablePackages()
                        .get(0)
                        .fixedInVersion());
    }

    @Test
    void findingsAreFilteredByPipelineVulnerabilityOrSeverityAndPagedByTheSdk() {
        service.scan(pipeline, ImageScan.completingAfter(0, OPENSSH, CURL, TAR));
        String first = start(pipeline);
        String second = start(pipeline);
        for (String image : List.of(first, second)) {
            image(image);
            assertEquals(ImageScanStatus.COMPLETED, image(image).scanState().status());
        }

        assertEquals(
                6,
                sdk
                        .listImageScanFindingsPaginator(r -> r.filters(findingsOf("imagePipelineArn", pipeline))
                                .maxResults(4))
                        .findings()
                        .stream()
                        .count());
        assertEquals(
                List.of(first, second),
                sdk.listImageScanFindings(r -> r.filters(findingsOf("severity", "HIGH"))).findings().stream()
                        .map(ImageScanFinding::imageBuildVersionArn)
                        .collect(Collectors.toList()));
        assertEquals(
                2,
                sdk.listImageScanFindings(r -> r.filters(findingsOf("vulnerabilityId", "CVE-2022-48303")))
                        .findings()
                        .size());
        assertEquals(6, sdk.listImageScanFindings(r -> {}).findings().size());
    }

    @Test
    void filtersBeyondTheModelsLimitsAreRefused() {
        service.scan(pipeline, ImageScan.completingAfter(0, OPENSSH));
        String image = start(pipeline);

        assertThrows(
                InvalidRequestException.class,
                () -> sdk.listImageScanFindings(
                        r -> r.filters(findingsOf("imageBuildVersionArn", image), findingsOf("severity", "HIGH"))));
        assertThrows(
                InvalidRequestException.class,
                () -> sdk.listImageScanFindings(r -> r.filters(findingsOf("severity", "HIGH", "MEDIUM"))));
        assertThrows(
                InvalidRequestException.class,
                () -> sdk.listImageScanFindings(r -> r.filters(findingsOf("packageName", "tar"))));
        assertThrows(InvalidRequestException.class, () -> sdk.listImageScanFindings(r -> r.maxResults(26)));
        assertThrows(
                InvalidPaginationTokenException.class,
                () -> sdk.listImageScanFindings(r -> r.nextToken("not-a-token")));
        InvalidRequestException byPipeline = assertThrows(
                InvalidRequestException.class,
                () -> sdk.listImageScanFindingAggregations(r -> r.filter(Filter.builder()
                        .name("imagePipelineArn")
                        .values(pipeline)
                        .build())));
        assertTrue(
                byPipeline.awsErrorDetails().errorMessage().contains("imageBuildVersionArn"), byPipeline::getMessage);
    }

    @Test
    void aScanThatEndsWithoutCompletingSaysWhyAndFindsNothing() {
        service.scan(pipeline, ImageScan.endingIn("TIMED_OUT", "Amazon Inspector did not answer in time", 1));
        String image = start(pipeline);
        image(image);

        assertEquals(ImageScanStatus.PENDING, image(image).scanState().status());
        Image ended = image(image);

        assertEquals(ImageScanStatus.TIMED_OUT, ended.scanState().status());
        assertEquals(
                "Amazon Inspector did not answer in time", ended.scanState().reason());
        assertEquals(0L, counts(image).all());
        assertTrue(sdk.listImageScanFindings(r -> {}).findings().isEmpty());
    }

    @Test
    void aScanThatNeverCompletesStaysScanning() {
        service.scan(pipeline, ImageScan.neverCompleting());
        String image = start(pipeline);
        image(image);

        for (int i = 0; i < 5; i++) {
            assertEquals(ImageScanStatus.SCANNING, image(image).scanState().status());
        }
    }

    @Test
    void anImageOfAPipelineWithoutScanningHasScanningDisabledAndNoScanState() {
        String image = start(pipeline);
        image(image);

        Image available = image(image);

        assertEquals("AVAILABLE", available.state().statusAsString());
        assertFalse(available.imageScanningConfiguration().imageScanningEnabled());
        assertNull(available.scanState());
        assertEquals(0L, counts(image).all());
    }
}
