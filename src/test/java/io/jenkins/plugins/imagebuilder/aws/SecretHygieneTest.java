package io.jenkins.plugins.imagebuilder.aws;

import static io.jenkins.plugins.imagebuilder.aws.ImageBuilderOperation.START_IMAGE_PIPELINE_EXECUTION;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * The secret keys never appear in a log line (at any level, SDK and HTTP client included) nor in an
 * exception message or stack trace, whether the calls succeed or fail.
 */
class SecretHygieneTest {

    private static final String PIPELINE = "arn:aws:imagebuilder:us-west-2:123456789012:image-pipeline/web";
    private static final String SESSION_SECRET = "SeSsIoN/SeCrEt+0123456789abcdefghijklmno";
    // Loggers that the SDK, the Apache client (through commons-logging) and the engine write to.
    private static final String[] LOGGERS = {
        "", "software.amazon.awssdk", "org.apache.http", "io.jenkins.plugins.imagebuilder"
    };

    @RegisterExtension
    final LocalImageBuilderEndpoint endpoint = new LocalImageBuilderEndpoint();

    @RegisterExtension
    final TestRuntime runtime = new TestRuntime();

    // Written by the SDK's, the HTTP client's and the endpoint's threads while the test reads it.
    private final List<String> logged = new CopyOnWriteArrayList<>();
    private final List<Level> previousLevels = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public synchronized void publish(LogRecord record) {
            logged.add(
                    record.getLoggerName() + " " + record.getLevel() + " " + new SimpleFormatter().formatMessage(record)
                            + (record.getThrown() == null ? "" : " " + stackTrace(record.getThrown())));
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    @BeforeEach
    void logEverything() {
        for (String name : LOGGERS) {
            Logger logger = Logger.getLogger(name);
            previousLevels.add(logger.getLevel());
            logger.setLevel(Level.ALL);
        }
        capture.setLevel(Level.ALL);
        Logger.getLogger("").addHandler(capture);
    }

    @AfterEach
    void restoreLogging() {
        Logger.getLogger("").removeHandler(capture);
        for (int i = 0; i < LOGGERS.length; i++) {
            Logger.getLogger(LOGGERS[i]).setLevel(previousLevels.get(i));
        }
    }

    @Test
    void noSecretKeyInAnyLogLineOrMessage() {
        endpoint.service().addPipeline(PIPELINE);
        endpoint.service()
                .allowSessionCredentials(
                        "ASIASESSION000000001",
                        SESSION_SECRET,
                        "token-1",
                        Instant.now().plusSeconds(3600));
        List<String> messages = new ArrayList<>();

        // Succeeding calls, with long-term keys and with session credentials.
        runtime.start(EngineFixtures.launch(endpoint, PIPELINE));
        runtime.start(
                EngineFixtures.launch(endpoint, PIPELINE).build(EngineFixtures.BUILD_URL, "2"),
                StaticCredentialsProvider.create(
                        AwsSessionCredentials.create("ASIASESSION000000001", SESSION_SECRET, "token-1")));
        // Failing calls: denied, throttled to exhaustion, wrong secret, credentials that break.
        endpoint.service().deny(LocalImageBuilderEndpoint.ACCESS_KEY, START_IMAGE_PIPELINE_EXECUTION);
        messages.add(failure(
                () -> runtime.start(EngineFixtures.launch(endpoint, PIPELINE).build(EngineFixtures.BUILD_URL, "3"))));
        endpoint.service().inject(START_IMAGE_PIPELINE_EXECUTION, Fault.throttle(), 8);
        messages.add(failure(() -> runtime.start(
                EngineFixtures.launch(endpoint, PIPELINE).build(EngineFixtures.BUILD_URL, "4"),
                StaticCredentialsProvider.create(
                        AwsSessionCredentials.create("ASIASESSION000000001", SESSION_SECRET, "token-1")))));
        messages.add(failure(() -> runtime.start(
                EngineFixtures.launch(endpoint, PIPELINE).build(EngineFixtures.BUILD_URL, "5"),
                StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(LocalImageBuilderEndpoint.ACCESS_KEY, SESSION_SECRET)))));
        messages.add(failure(() ->
                runtime.start(EngineFixtures.launch(endpoint, PIPELINE).build(EngineFixtures.BUILD_URL, "6"), () -> {
                    throw new IllegalStateException(
                            "could not assume role with " + LocalImageBuilderEndpoint.ACCESS_KEY);
                })));

        assertFalse(logged.isEmpty(), "the SDK logged at debug level, so the check below means something");
        assertTrue(
                logged.stream().anyMatch(line -> line.startsWith("software.amazon.awssdk")), "SDK lines were captured");
        for (String secret : new String[] {LocalImageBuilderEndpoint.SECRET_KEY, SESSION_SECRET}) {
            for (String line : logged) {
                assertFalse(line.contains(secret), "a log line shows a secret key: " + line);
            }
            for (String message : messages) {
                assertFalse(message.contains(secret), "a failure shows a secret key: " + message);
            }
        }
    }

    private static String failure(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            return e.getMessage() + " " + stackTrace(e);
        }
        throw new AssertionError("expected a failure");
    }

    private static String stackTrace(Throwable t) {
        StringWriter text = new StringWriter();
        t.printStackTrace(new PrintWriter(text));
        return text.toString();
    }
}
