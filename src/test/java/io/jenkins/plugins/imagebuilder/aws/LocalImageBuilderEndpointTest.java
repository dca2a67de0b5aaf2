package io.jenkins.plugins.imagebuilder.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.imagebuilder.ImagebuilderClient;
import software.amazon.awssdk.services.imagebuilder.model.ImagebuilderException;
import software.amazon.awssdk.services.imagebuilder.model.InvalidRequestException;

/** The local endpoint refuses what the real service would: the engine's tests are only as good as it. */
class LocalImageBuilderEndpointTest {

    @RegisterExtension
    final LocalImageBuilderEndpoint endpoint = new LocalImageBuilderEndpoint();

    private ImagebuilderClient client(String region) {
        return ImagebuilderClient.builder()
                .region(Region.of(region))
                .endpointOverride(endpoint.uri())
                .credentialsProvider(EngineFixtures.testCredentials())
                .build();
    }

    @Test
    void aRequestSignedForAnotherRegionThanTheArnsIsRefused() {
        String pipeline = endpoint.service().addPipeline("us-east-1", "web");
        try (ImagebuilderClient wrongRegion = client("eu-west-1")) {
            ImagebuilderException e = assertThrows(
                    ImagebuilderException.class, () -> wrongRegion.getImagePipeline(r -> r.imagePipelineArn(pipeline)));

            assertEquals(403, e.statusCode());
            assertEquals("InvalidSignatureException", e.awsErrorDetails().errorCode());
        }
    }

    @Test
    void anUnsignedRequestIsRefused() throws Exception {
        String pipeline = endpoint.service().addPipeline("us-east-1", "web");
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(endpoint.url() + "/StartImagePipelineExecution"))
                                .PUT(HttpRequest.BodyPublishers.ofString(
                                        "{\"imagePipelineArn\":\"" + pipeline + "\",\"clientToken\":\"t\"}"))
                                .header("Content-Type", "application/json")
                                .build(),
                        HttpResponse.BodyHandlers.ofString());

        assertEquals(403, response.statusCode());
        assertEquals(
                "MissingAuthenticationTokenException",
                response.headers().firstValue("x-amzn-ErrorType").orElseThrow());
        assertTrue(endpoint.service().imageArns().isEmpty());
    }

    @Test
    void inputTheModelForbidsIsRefused() {
        String pipeline = endpoint.service().addPipeline("us-east-1", "web");
        Map<String, String> tooMany = new LinkedHashMap<>();
        for (int i = 0; i < 51; i++) {
            tooMany.put("k" + i, "v");
        }
        try (ImagebuilderClient sdk = client("us-east-1")) {
            assertThrows(
                    InvalidRequestException.class,
                    () -> sdk.startImagePipelineExecution(
                            r -> r.imagePipelineArn(pipeline).clientToken("t").tags(tooMany)));
            assertThrows(
                    InvalidRequestException.class,
                    () -> sdk.startImagePipelineExecution(
                            r -> r.imagePipelineArn(pipeline).clientToken("t".repeat(65))));
            assertThrows(
                    InvalidRequestException.class,
                    () -> sdk.startImagePipelineExecution(
                            r -> r.imagePipelineArn(pipeline).clientToken("t").tags(Map.of("aws:x", "v"))));
        }
        assertTrue(endpoint.service().imageArns().isEmpty());
    }

    @Test
    void theSameTokenWithOtherParametersIsAMismatchAndWithTheSameOnesTheSameImage() {
        String pipeline = endpoint.service().addPipeline("us-east-1", "web");
        try (ImagebuilderClient sdk = client("us-east-1")) {
            String first = sdk.startImagePipelineExecution(
                            r -> r.imagePipelineArn(pipeline).clientToken("t").tags(Map.of("a", "1")))
                    .imageBuildVersionArn();
            String again = sdk.startImagePipelineExecution(
                            r -> r.imagePipelineArn(pipeline).clientToken("t").tags(Map.of("a", "1")))
                    .imageBuildVersionArn();
            ImagebuilderException e = assertThrows(
                    ImagebuilderException.class,
                    () -> sdk.startImagePipelineExecution(
                            r -> r.imagePipelineArn(pipeline).clientToken("t").tags(Map.of("a", "2"))));

            assertEquals(first, again);
            assertEquals(
                    "IdempotentParameterMismatchException", e.awsErrorDetails().errorCode());
            assertEquals(1, endpoint.service().imageArns().size());
        }
    }
}
