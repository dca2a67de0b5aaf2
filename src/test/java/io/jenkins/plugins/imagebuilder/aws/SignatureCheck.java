package io.jenkins.plugins.imagebuilder.aws;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Who signed a request to {@link LocalImageBuilderEndpoint}, checked as the service checks it: a
 * valid SigV4 signature by a key the {@link FakeImageBuilder} accepts, for service {@code
 * imagebuilder} and the region of the ARN the request is about, with a live session token where
 * the key needs one.
 */
final class SignatureCheck {

    private final FakeImageBuilder service;

    SignatureCheck(FakeImageBuilder service) {
        this.service = service;
    }

    /** @return the access key that signed the request */
    String authenticate(
            String method,
            String path,
            String rawQuery,
            Map<String, List<String>> headers,
            byte[] body,
            String expectedRegion)
            throws ServiceError {
        SigV4Verifier.Signed signed;
        try {
            signed = SigV4Verifier.verify(
                    method,
                    path,
                    rawQuery,
                    headers,
                    body,
                    accessKey -> {
                        FakeImageBuilder.Credential credential = service.credential(accessKey);
                        return credential == null ? null : credential.secret;
                    },
                    Instant.now());
        } catch (SigV4Verifier.Rejection e) {
            throw new ServiceError(e.errorType, e.status, e.getMessage());
        }
        if (!"imagebuilder".equals(signed.service)) {
            throw new ServiceError(
                    "InvalidSignatureException",
                    403,
                    "Credential should be scoped to correct service: 'imagebuilder'.");
        }
        if (expectedRegion != null && !expectedRegion.equals(signed.region)) {
            throw new ServiceError(
                    "InvalidSignatureException",
                    403,
                    "Credential should be scoped to a valid region, not '" + signed.region + "'.");
        }
        FakeImageBuilder.Credential credential = service.credential(signed.accessKey);
        if (credential.sessionToken != null) {
            if (!credential.sessionToken.equals(SigV4Verifier.header(headers, "x-amz-security-token"))) {
                throw new ServiceError(
                        "UnrecognizedClientException", 403, "The security token included in the request is invalid.");
            }
            if (!service.now().isBefore(credential.expiresAt)) {
                throw new ServiceError(
                        "ExpiredTokenException", 403, "The security token included in the request is expired");
            }
        }
        return signed.accessKey;
    }

    /** The region of the ARN a request is about: requests must be signed for it. */
    static String regionOf(ImageBuilderOperation operation, Map<String, String> query, Map<String, Object> input) {
        Object arn;
        switch (operation) {
            case START_IMAGE_PIPELINE_EXECUTION:
                arn = input.get("imagePipelineArn");
                break;
            case CANCEL_IMAGE_CREATION:
            case LIST_WORKFLOW_EXECUTIONS:
            case SEND_WORKFLOW_STEP_ACTION:
                arn = input.get("imageBuildVersionArn");
                break;
            case LIST_WORKFLOW_STEP_EXECUTIONS:
            case LIST_WAITING_WORKFLOW_STEPS:
            case LIST_IMAGE_SCAN_FINDINGS:
            case LIST_IMAGE_SCAN_FINDING_AGGREGATIONS:
                arn = null; // no ARN of their own (an id, or one in a filter): the signature is checked, not its region
                break;
            case GET_IMAGE:
                arn = query.get("imageBuildVersionArn");
                break;
            default:
                arn = query.get("imagePipelineArn");
        }
        if (!(arn instanceof String)) {
            return null;
        }
        String[] fields = ((String) arn).split(":");
        return fields.length > 3 ? fields[3] : null;
    }

    /** The access key named in the Authorization header, signature valid or not: for the record. */
    static String accessKeyOf(Map<String, List<String>> headers) {
        String authorization = SigV4Verifier.header(headers, "authorization");
        if (authorization == null || !authorization.contains("Credential=")) {
            return null;
        }
        String credential = authorization.substring(authorization.indexOf("Credential=") + "Credential=".length());
        int slash = credential.indexOf('/');
        return slash < 0 ? null : credential.substring(0, slash);
    }
}
