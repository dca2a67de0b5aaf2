package io.jenkins.plugins.imagebuilder.aws;

import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * AWS keys that a build put in its own environment ({@code withCredentials([aws(...)])},
 * {@code withAWS(credentials: ...)}, {@code environment {}}). A build's environment starts from the
 * controller's process environment: what it inherited from there is the controller's identity, not
 * the build's, and does not count.
 */
public final class EnvironmentCredentials {

    static final String ACCESS_KEY_ID = "AWS_ACCESS_KEY_ID";
    static final String SECRET_ACCESS_KEY = "AWS_SECRET_ACCESS_KEY";
    static final String SESSION_TOKEN = "AWS_SESSION_TOKEN";
    static final String PROFILE = "AWS_PROFILE";

    private EnvironmentCredentials() {}

    /**
     * The build's own keys, or {@code null} when it has none.
     *
     * @param build the build's environment
     * @param controller the controller's process environment
     * @throws CredentialsUnavailableException when what the build set cannot be used: half a key pair,
     *     or only a profile name (as {@code withAWS(profile: ...)} sets), whose files are the controller's
     */
    public static AwsCredentialsProvider of(Map<String, String> build, Map<String, String> controller) {
        String accessKey = own(build, controller, ACCESS_KEY_ID);
        String secretKey = own(build, controller, SECRET_ACCESS_KEY);
        if (accessKey != null || secretKey != null) {
            if (accessKey == null || secretKey == null) {
                throw new CredentialsUnavailableException(EngineMessage.CREDENTIALS_HALF_ENVIRONMENT.format(), null);
            }
            String sessionToken = UserText.blankToNull(build.get(SESSION_TOKEN));
            return StaticCredentialsProvider.create(
                    sessionToken == null
                            ? AwsBasicCredentials.create(accessKey, secretKey)
                            : AwsSessionCredentials.create(accessKey, secretKey, sessionToken));
        }
        String profile = own(build, controller, PROFILE);
        if (profile != null) {
            throw new CredentialsUnavailableException(
                    EngineMessage.CREDENTIALS_PROFILE_ONLY.format(UserText.escape(profile)), null);
        }
        return null;
    }

    private static String own(Map<String, String> build, Map<String, String> controller, String name) {
        String value = build == null ? null : UserText.blankToNull(build.get(name));
        return value == null || value.equals(UserText.blankToNull(controller.get(name))) ? null : value;
    }
}
