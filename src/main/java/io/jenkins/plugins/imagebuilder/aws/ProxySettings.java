package io.jenkins.plugins.imagebuilder.aws;

import java.util.List;
import java.util.Objects;

/**
 * The HTTP proxy the SDK goes through, as an administrator configured it for Jenkins. The password
 * is held only as long as the client is being built and never appears in {@link #toString()}.
 */
public final class ProxySettings {

    private final String host;
    private final int port;
    private final String username;
    private final String password;
    private final List<String> nonProxyHostPatterns;

    /**
     * @param username {@code null} when the proxy needs no authentication
     * @param nonProxyHostPatterns regular expressions of host names reached directly
     */
    public ProxySettings(String host, int port, String username, String password, List<String> nonProxyHostPatterns) {
        if (host == null || host.isBlank() || host.contains("/") || host.contains(":") && !host.startsWith("[")) {
            throw new InvalidInputException(EngineMessage.PROXY_BAD_HOST.format(UserText.escape(host)));
        }
        if (port < 1 || port > 65535) {
            throw new InvalidInputException(EngineMessage.PROXY_BAD_PORT.format(String.valueOf(port)));
        }
        this.host = host.strip();
        this.port = port;
        this.username = username == null || username.isBlank() ? null : username;
        this.password = password;
        this.nonProxyHostPatterns = List.copyOf(nonProxyHostPatterns == null ? List.of() : nonProxyHostPatterns);
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    String username() {
        return username;
    }

    String password() {
        return password;
    }

    public List<String> nonProxyHostPatterns() {
        return nonProxyHostPatterns;
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof ProxySettings)) {
            return false;
        }
        ProxySettings that = (ProxySettings) other;
        return host.equals(that.host)
                && port == that.port
                && Objects.equals(username, that.username)
                && Objects.equals(password, that.password)
                && nonProxyHostPatterns.equals(that.nonProxyHostPatterns);
    }

    @Override
    public int hashCode() {
        return Objects.hash(host, port, username, nonProxyHostPatterns);
    }

    @Override
    public String toString() {
        return "proxy " + host + ":" + port + (username == null ? "" : " as " + username);
    }
}
