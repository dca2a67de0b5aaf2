package io.jenkins.plugins.imagebuilder.aws;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
    static final Pattern STEP_EXECUTION_ID =
            Pattern.compile("^step-[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");
    /** WorkflowStepName: what a pipeline's own workflow may call a step. */
    static final Pattern STEP_NAME = Pattern.compile("^[A-Za-z][A-Za-z0-9-_]{1,99}$");

    private static final Pattern FILTER_NAME = Pattern.compile("^[a-zA-Z]{1,1024}$");
    private static final Pattern FILTER_VALUE = Pattern.compile("^[0-9a-zA-Z./_ :,{}\"-]{1,1024}$");
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

    /** A required string member that must be one of the model's enum values. */
    static String oneOf(Object value, String member, List<String> values) throws ServiceError {
        if (!values.contains(value)) {
            throw new ServiceError(
                    "InvalidRequestException", 400, member + " must be one of " + String.join(", ", values));
        }
        return (String) value;
    }

    /** An optional NonEmptyString: absent, or 1 to {@code max} characters. */
    static String optionalText(Object value, String member, int max) throws ServiceError {
        if (value != null
                && (!(value instanceof String) || ((String) value).isEmpty() || ((String) value).length() > max)) {
            throw new ServiceError("InvalidRequestException", 400, member + " must have 1 to " + max + " characters");
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

    /** A listing's page size: maxResults as {@link #maxResults} checks it, or the service's default of 25. */
    static int pageSize(Map<String, Object> input) throws ServiceError {
        maxResults(input);
        Object max = input.get("maxResults");
        return max == null ? 25 : (Integer) max;
    }

    /** A Filter or ImageScanFindingsFilter: a name and its values, as the model constrains them. */
    record Filter(String name, List<String> values) {}

    /**
     * A required list of {@code least} to {@code most} filters, each with 1 to {@code mostValues}
     * values (ImageScanFindingsFilterList: exactly one filter with exactly one value).
     */
    static List<Filter> filters(Object value, String member, int least, int most, int mostValues) throws ServiceError {
        if (!(value instanceof List) || ((List<?>) value).size() < least || ((List<?>) value).size() > most) {
            throw new ServiceError(
                    "InvalidRequestException", 400, member + " must have " + count(least, most) + " filters");
        }
        List<Filter> filters = new ArrayList<>();
        for (Object filter : (List<?>) value) {
            filters.add(filter(filter, member, mostValues));
        }
        return filters;
    }

    /** One filter: a name of letters, and 1 to {@code mostValues} values of the model's characters. */
    static Filter filter(Object value, String member, int mostValues) throws ServiceError {
        Map<?, ?> filter = value instanceof Map ? (Map<?, ?>) value : Map.of();
        Object name = filter.get("name");
        if (!(name instanceof String) || !FILTER_NAME.matcher((String) name).matches()) {
            throw new ServiceError("InvalidRequestException", 400, member + " needs a name of letters");
        }
        Object values = filter.get("values");
        if (!(values instanceof List) || ((List<?>) values).isEmpty() || ((List<?>) values).size() > mostValues) {
            throw new ServiceError(
                    "InvalidRequestException",
                    400,
                    member + " " + name + " must have " + count(1, mostValues) + " values");
        }
        List<String> checked = new ArrayList<>();
        for (Object filterValue : (List<?>) values) {
            checked.add(required(filterValue, member + " " + name + " value", FILTER_VALUE));
        }
        return new Filter((String) name, List.copyOf(checked));
    }

    private static String count(int least, int most) {
        return least == most ? "exactly " + most : least + " to " + most;
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
