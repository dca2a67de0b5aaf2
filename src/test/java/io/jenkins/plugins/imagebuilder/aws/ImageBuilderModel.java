package io.jenkins.plugins.imagebuilder.aws;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/** The patterns and limits of the service model (botocore's imagebuilder), as the fake checks its input. */
final class ImageBuilderModel {

    static final Pattern PIPELINE_ARN =
            Pattern.compile("^arn:aws[^:]*:imagebuilder:[^:]+:(?:[0-9]{12}|aws):image-pipeline/[a-z0-9-_]+$");
    static final Pattern IMAGE_ARN = Pattern.compile(
            "^arn:aws[^:]*:imagebuilder:[^:]+:(?:[0-9]{12}|aws(?:-[a-z-]+)?):image/[a-z0-9-_]+/[0-9]+\\.[0-9]+\\.[0-9]+/[0-9]+$");
    static final Pattern WORKFLOW_EXECUTION_ID =
            Pattern.compile("^wf-[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");
    private static final Pattern TAG_KEY = Pattern.compile("^(?!aws:)[a-zA-Z0-9\\s_.:/=+\\-@]*$");
    private static final int TOKEN_MAX = 64;

    private ImageBuilderModel() {}

    /** A required string member that must match its pattern. */
    static String required(Object value, String member, Pattern pattern) throws ServiceError {
        if (!(value instanceof String) || !pattern.matcher((String) value).matches()) {
            throw new ServiceError("InvalidRequestException", 400, member + " is missing or malformed");
        }
        return (String) value;
    }

    /** The client token, 1 to 64 characters. */
    static String token(Map<String, Object> input) throws ServiceError {
        Object token = input.get("clientToken");
        if (!(token instanceof String) || ((String) token).isEmpty() || ((String) token).length() > TOKEN_MAX) {
            throw new ServiceError(
                    "InvalidRequestException", 400, "clientToken must have 1 to " + TOKEN_MAX + " characters");
        }
        return (String) token;
    }

    /** A listing's page size: absent, or 1 to 25. */
    static void maxResults(Map<String, Object> input) throws ServiceError {
        Object max = input.get("maxResults");
        if (max != null && (!(max instanceof Integer) || (Integer) max < 1 || (Integer) max > 25)) {
            throw new ServiceError("InvalidRequestException", 400, "maxResults must be from 1 to 25");
        }
    }

    /** The TagMap: absent, or 1 to 50 entries with keys and values within the model's limits. */
    static Map<String, String> tags(Object value) throws ServiceError {
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map) || ((Map<?, ?>) value).isEmpty() || ((Map<?, ?>) value).size() > 50) {
            throw new ServiceError("InvalidRequestException", 400, "tags must have 1 to 50 entries");
        }
        Map<String, String> tags = new LinkedHashMap<>();
        for (Map.Entry<?, ?> tag : ((Map<?, ?>) value).entrySet()) {
            String key = String.valueOf(tag.getKey());
            if (key.isEmpty() || key.length() > 128 || !TAG_KEY.matcher(key).matches()) {
                throw new ServiceError("InvalidRequestException", 400, "invalid tag key " + key);
            }
            if (!(tag.getValue() instanceof String) || ((String) tag.getValue()).length() > 256) {
                throw new ServiceError("InvalidRequestException", 400, "invalid value for tag " + key);
            }
            tags.put(key, (String) tag.getValue());
        }
        return tags;
    }
}
