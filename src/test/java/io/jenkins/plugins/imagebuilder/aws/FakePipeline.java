package io.jenkins.plugins.imagebuilder.aws;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** One image pipeline of {@link FakeImageBuilder}: where its builds go and what they produce. */
final class FakePipeline {

    final String arn;
    final String partition;
    final String region;
    final String account;
    final String name;
    volatile String status = "ENABLED";
    /** How its builds go, when not the service's general lifecycle. */
    volatile ImageLifecycle lifecycle;
    /** The name of the WaitForAction step its builds end their test workflow with, or null. */
    volatile String holdStep;
    /** How its images are scanned, or null when scanning is off. */
    volatile ImageScan scan;

    final List<String> distributionRegions = new CopyOnWriteArrayList<>();
    final List<String> containerUris = new CopyOnWriteArrayList<>();
    private int builds;

    FakePipeline(String arn) {
        String[] fields = arn.split(":", 6);
        this.arn = arn;
        this.partition = fields[1];
        this.region = fields[3];
        this.account = fields[4];
        this.name = fields[5].substring("image-pipeline/".length());
    }

    /** The ARN of this pipeline's next image build: version 1.0.0, build numbers counting up. */
    synchronized String nextImageArn() {
        return "arn:" + partition + ":imagebuilder:" + region + ":" + account + ":image/" + name + "/1.0.0/" + ++builds;
    }

    /** GetImagePipeline's {@code imagePipeline}. */
    Map<String, Object> describe() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("arn", arn);
        body.put("name", name);
        body.put("description", "Local pipeline " + name);
        body.put("platform", "Linux");
        body.put("status", status);
        body.put("tags", Map.of());
        return body;
    }

    /** GetImage's {@code outputResources} of an available image build: AMIs, or container image URIs. */
    Map<String, Object> outputsOf(String imageArn) {
        List<Object> amis = new ArrayList<>();
        List<Object> containers = new ArrayList<>();
        if (containerUris.isEmpty()) {
            List<String> regions = new ArrayList<>();
            regions.add(region);
            regions.addAll(distributionRegions);
            for (String amiRegion : regions) {
                Map<String, Object> ami = new LinkedHashMap<>();
                ami.put("region", amiRegion);
                ami.put("image", FakeImageBuilder.amiId(imageArn, amiRegion));
                ami.put("name", name + " 1.0.0");
                ami.put("description", "Built by the local Image Builder");
                ami.put("accountId", account);
                amis.add(ami);
            }
        } else {
            containers.add(Map.of("region", region, "imageUris", List.copyOf(containerUris)));
        }
        Map<String, Object> outputs = new LinkedHashMap<>();
        outputs.put("amis", amis);
        outputs.put("containers", containers);
        return outputs;
    }
}
