package io.jenkins.plugins.imagebuilder.aws;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * ListImageScanFindings and ListImageScanFindingAggregations of {@link FakeImageBuilder}: the
 * findings of the image builds whose scan COMPLETED (as GetImage showed it), unordered as the
 * service lists them (here: in the order the builds started).
 */
final class ScanFindings {

    private static final List<String> FINDING_FILTERS =
            List.of("imageBuildVersionArn", "imagePipelineArn", "vulnerabilityId", "severity");
    private static final String AGGREGATION = "imageBuildVersionArn";
    private static final int DESCRIPTION_MAX = 1024;

    private final Map<String, FakeImage> images;
    // The builds that are scanned, in the order they started.
    private final List<FakeImage> scanned = new CopyOnWriteArrayList<>();

    ScanFindings(Map<String, FakeImage> images) {
        this.images = images;
    }

    void started(FakeImage image) {
        if (image.scan != null) {
            scanned.add(image);
        }
    }

    void forget() {
        scanned.clear();
    }

    /** ListImageScanFindings: all findings of the account, or those of one filter with one value. */
    Map<String, Object> list(Map<String, Object> input) throws ServiceError {
        int size = ImageBuilderModel.pageSize(input);
        ImageBuilderModel.Filter filter = input.get("filters") == null
                ? null
                : ImageBuilderModel.filters(input.get("filters"), "filters", 1, 1, 1)
                        .get(0);
        if (filter != null && !FINDING_FILTERS.contains(filter.name())) {
            throw new ServiceError(
                    "InvalidRequestException",
                    400,
                    "Unsupported filter name " + filter.name() + "; use one of " + String.join(", ", FINDING_FILTERS));
        }
        List<Map<String, Object>> findings = new ArrayList<>();
        for (FakeImage image : scanned) {
            Instant completed = image.scanCompletedAt();
            if (completed == null) {
                continue;
            }
            for (ScanFinding finding : image.scan.findings()) {
                if (filter == null || filter.values().get(0).equals(filtered(filter.name(), image, finding))) {
                    findings.add(describe(image, finding, completed));
                }
            }
        }
        Map<String, Object> output = withRequestId();
        Pages.page(
                output,
                "findings",
                findings,
                input,
                size,
                filter == null ? "" : filter.name() + "=" + filter.values().get(0));
        return output;
    }

    /**
     * ListImageScanFindingAggregations by image build: the severity counts of each build named in the
     * filter that exists, zero until its scan COMPLETED (and always for a build that is not scanned).
     * The fake aggregates by {@value #AGGREGATION} only.
     */
    Map<String, Object> aggregate(Map<String, Object> input) throws ServiceError {
        Object given = input.get("filter");
        ImageBuilderModel.Filter filter = given == null ? null : ImageBuilderModel.filter(given, "filter", 10);
        if (filter == null || !filter.name().equals(AGGREGATION)) {
            throw new ServiceError(
                    "InvalidRequestException",
                    400,
                    "The local Image Builder aggregates findings by " + AGGREGATION + " only: give filter {name: "
                            + AGGREGATION + ", values: [image build version ARNs]}");
        }
        List<Map<String, Object>> responses = new ArrayList<>();
        for (String arn : filter.values()) {
            FakeImage image = images.get(arn);
            if (image != null) {
                Map<String, Object> aggregation = new LinkedHashMap<>();
                aggregation.put("imageBuildVersionArn", arn);
                aggregation.put("severityCounts", severityCounts(image));
                responses.add(Map.of("imageAggregation", aggregation));
            }
        }
        Map<String, Object> output = withRequestId();
        output.put("aggregationType", AGGREGATION);
        Pages.page(output, "responses", responses, input, 25, String.join(",", filter.values()));
        return output;
    }

    private static String filtered(String name, FakeImage image, ScanFinding finding) {
        switch (name) {
            case "imageBuildVersionArn":
                return image.arn;
            case "imagePipelineArn":
                return image.pipeline.arn;
            case "vulnerabilityId":
                return finding.vulnerabilityId;
            default:
                return finding.severity;
        }
    }

    /** SeverityCounts: every finding (LOW and the rest too) in {@code all}, then the critical, high and medium ones. */
    private static Map<String, Object> severityCounts(FakeImage image) {
        List<ScanFinding> findings =
                image.scan != null && image.scanCompletedAt() != null ? image.scan.findings() : List.of();
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("all", (long) findings.size());
        counts.put("critical", count(findings, "CRITICAL"));
        counts.put("high", count(findings, "HIGH"));
        counts.put("medium", count(findings, "MEDIUM"));
        return counts;
    }

    private static long count(List<ScanFinding> findings, String severity) {
        return findings.stream().filter(f -> f.severity.equals(severity)).count();
    }

    /** An ImageScanFinding of type PACKAGE_VULNERABILITY, first observed when the scan completed. */
    private static Map<String, Object> describe(FakeImage image, ScanFinding finding, Instant observed) {
        Map<String, Object> vulnerable = new LinkedHashMap<>();
        vulnerable.put("name", finding.packageName);
        vulnerable.put("version", finding.packageVersion);
        if (finding.fixedInVersion != null) {
            vulnerable.put("fixedInVersion", finding.fixedInVersion);
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("vulnerabilityId", finding.vulnerabilityId);
        details.put("vulnerablePackages", List.of(vulnerable));
        details.put("source", "NVD");
        String description = finding.vulnerabilityId + " in " + finding.packageName + " " + finding.packageVersion
                + ": " + finding.title;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("awsAccountId", image.pipeline.account);
        body.put("imageBuildVersionArn", image.arn);
        body.put("imagePipelineArn", image.pipeline.arn);
        body.put("type", "PACKAGE_VULNERABILITY");
        body.put(
                "description",
                description.length() <= DESCRIPTION_MAX ? description : description.substring(0, DESCRIPTION_MAX));
        body.put("title", finding.title);
        body.put("severity", finding.severity);
        // REST-JSON timestamps are epoch seconds, written as a number.
        body.put("firstObservedAt", BigDecimal.valueOf(observed.toEpochMilli(), 3));
        body.put("packageVulnerabilityDetails", details);
        body.put("fixAvailable", finding.fixedInVersion == null ? "NO" : "YES");
        return body;
    }

    private static Map<String, Object> withRequestId() {
        Map<String, Object> output = new LinkedHashMap<>();
        output.put("requestId", UUID.randomUUID().toString());
        return output;
    }
}
