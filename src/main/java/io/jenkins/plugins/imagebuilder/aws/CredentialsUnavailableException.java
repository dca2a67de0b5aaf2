package io.jenkins.plugins.imagebuilder.aws;

/**
 * No credentials could be resolved for a call: the provider gave none or failed. Thrown from
 * {@link RefreshingCredentialsProvider} so that the SDK's own wrapping can be seen through.
 */
public final class CredentialsUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public CredentialsUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
