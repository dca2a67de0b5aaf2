package io.jenkins.plugins.imagebuilder.aws;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.util.Locale;
import java.util.Properties;

/**
 * The engine's user-facing text, kept in {@code EngineMessages.properties} beside this class (the
 * Jenkins layer's {@code Messages.properties} is generated into a Jenkins-only class, so the engine
 * keeps its own bundle). Each constant names one entry; a test checks that both sides match.
 */
enum EngineMessage {
    INPUT_SEVERAL_PROBLEMS,

    ARN_REQUIRED,
    ARN_NOT_AN_ARN,
    ARN_NOT_IMAGE_BUILDER,
    ARN_BAD_PARTITION,
    ARN_BAD_ACCOUNT,
    ARN_WRONG_RESOURCE,
    ARN_BAD_PIPELINE_NAME,
    ARN_UPPER_CASE_PIPELINE_NAME,
    ARN_BAD_IMAGE_BUILD_VERSION,
    ARN_NOT_A_BUILD_VERSION,
    REGION_BAD_NAME,
    REGION_PARTITION_MISMATCH,
    REGION_DISAGREES_WITH_ARN,

    TAGS_TOO_MANY,
    TAGS_TOO_MANY_WITH_TRACEABILITY,
    TAG_KEY_EMPTY,
    TAG_KEY_TOO_LONG,
    TAG_KEY_RESERVED,
    TAG_KEY_BAD_CHARACTERS,
    TAG_VALUE_MISSING,
    TAG_VALUE_TOO_LONG,

    TOKEN_EMPTY,
    TOKEN_TOO_LONG,
    TOKEN_BAD_CHARACTERS,
    TOKEN_NO_BUILD_URL,
    TOKEN_NO_DISCRIMINATOR,

    ENDPOINT_NOT_A_URL,
    ENDPOINT_NOT_ALLOWED,
    ENDPOINT_AWS_NOT_HTTPS,
    ENDPOINT_OTHER_REGION,
    ENDPOINT_LINK_LOCAL,
    PROXY_BAD_HOST,
    PROXY_BAD_PORT,

    ACTION_START,
    ACTION_GET_IMAGE,
    ACTION_CANCEL,
    ACTION_GET_PIPELINE,
    ACTION_LIST_WORKFLOWS,
    ACTION_LIST_WORKFLOW_STEPS,
    ACTION_SEND_STEP_ACTION,
    ACTION_LIST_WAITING_STEPS,
    ACTION_LIST_FINDINGS,
    ACTION_COUNT_FINDINGS,
    FAILURE,
    FAILURE_WITH_REQUEST_ID,
    AWS_SAID,

    ERROR_NOT_FOUND_PIPELINE,
    ERROR_NOT_FOUND_IMAGE,
    ERROR_FORBIDDEN,
    ERROR_INVALID_REQUEST,
    ERROR_IDEMPOTENCY_MISMATCH,
    ERROR_IDEMPOTENCY_MISMATCH_CANCEL,
    ERROR_RESOURCE_IN_USE,
    ERROR_THROTTLED,
    ERROR_SERVICE_UNAVAILABLE,
    ERROR_SERVICE,
    ERROR_CLIENT,
    ERROR_UNKNOWN_SERVICE_ERROR,
    ERROR_INCOMPLETE_ANSWER,
    CREDENTIALS_NONE,
    ERROR_CREDENTIALS_MISSING,
    ERROR_CREDENTIALS_REJECTED,
    ERROR_CREDENTIALS_EXPIRED,
    ERROR_CLOCK_SKEW,
    ERROR_UNREACHABLE,
    ERROR_PROXY_AUTHENTICATION,
    ERROR_TIMEOUT,
    ERROR_INTERRUPTED,
    ERROR_UNEXPECTED,

    CREDENTIALS_NONE_GIVEN,
    CREDENTIALS_HALF_ENVIRONMENT,
    CREDENTIALS_PROFILE_ONLY,

    LOG_STARTED,
    LOG_STARTED_WITH_LINK,
    LOG_WAITING,
    LOG_STATUS,
    LOG_STATUS_WITH_REASON,
    LOG_POLL_FAILED,
    LOG_RESUMING_START,
    LOG_RESUMING_WAIT,
    LOG_RESUMING_CANCEL,
    LOG_CANCELLING,
    LOG_DEADLINE_CANCELLING,
    LOG_CANCELLED,
    LOG_ALREADY_FINISHED,
    LOG_CANCEL_FAILED,
    LOG_LEFT_RUNNING,
    LOG_WORKFLOW_STEP_STARTED,
    LOG_WORKFLOW_STEP_ENDED,
    LOG_WORKFLOW_STEP_ENDED_AFTER,
    LOG_WORKFLOW_STEPS_HIDDEN,
    FAILURE_IMAGE_ENDED,
    FAILURE_IMAGE_ENDED_NO_REASON,
    CHECK_PIPELINE_FOUND,
    CHECK_PIPELINE_FOUND_WITH_LAST_RUN,
    OUTPUT_BAD_AMI,
    OUTPUT_BAD_CONTAINER,
    STATUS_STARTING,
    STATUS_WAITING,

    WAIT_GAVE_UP,
    WAIT_DEADLINE,
    WAIT_UNEXPECTED_FAILURE,
    LOG_WORKFLOW_STEP_WAITING,
    LOG_WAITING_PAUSED,
    LOG_WAITING_RETURNED,
    LOG_STEP_ACTION_SENT,
    LOG_STEP_ACTION_REFUSED,
    LOG_STEP_ACTION_RETRY,
    STEP_ACTION_REASON_POLICY,
    STEP_ACTION_REASON_USER,
    STEP_ACTION_REASON_STEP,
    STEP_NOT_WAITING_HERE,
    LOG_SCAN_WAITING,
    LOG_FINDINGS,
    LOG_FINDING,
    LOG_FINDINGS_UNAVAILABLE,
    FAILURE_NO_SCANNING,
    FAILURE_SCAN_ENDED,
    FAILURE_SCAN_DEADLINE,
    FAILURE_FINDINGS,
    FINDINGS_COUNTS,
    FINDINGS_BAD_THRESHOLD,
    WAITING_POLICY_BAD,
    GATES_NEED_WAIT,
    STEP_ACTION_BAD,
    STEP_ACTION_REASON_TOO_LONG,
    DECISION_NO_WAITING_STEP,
    DECISION_SEVERAL_WAITING,
    DECISION_NO_SUCH_STEP,
    ERROR_IDEMPOTENCY_MISMATCH_STEP_ACTION,
    ERROR_STEP_NOT_WAITING;

    /** The entry's key in the properties file. */
    String key() {
        return name().toLowerCase(Locale.ROOT).replace('_', '.');
    }

    String format(Object... arguments) {
        String pattern = Texts.ALL.getProperty(key());
        if (pattern == null) {
            throw new IllegalStateException("No text for " + key() + " in EngineMessages.properties");
        }
        return new MessageFormat(pattern, Locale.ROOT).format(arguments);
    }

    /**
     * The texts, read once from {@code EngineMessages.properties} beside this class, on first use. Not through
     * ResourceBundle: its search for locale variants and classes along the class path cost the first start of a
     * fresh controller tens of milliseconds, and the engine's texts are in English only, as Jenkins' logs are.
     */
    private static final class Texts {
        static final Properties ALL = load();

        private static Properties load() {
            Properties texts = new Properties();
            InputStream stream = EngineMessage.class.getResourceAsStream("EngineMessages.properties");
            if (stream == null) {
                throw new IllegalStateException("EngineMessages.properties is missing beside EngineMessage");
            }
            try (Reader in = new InputStreamReader(stream, StandardCharsets.UTF_8)) {
                texts.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return texts;
        }
    }
}
