package io.jenkins.plugins.imagebuilder;

import hudson.ProxyConfiguration;
import hudson.util.Secret;
import io.jenkins.plugins.imagebuilder.aws.ProxySettings;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import jenkins.model.Jenkins;

/** The proxy an administrator configured in Manage Jenkins, for the SDK client. */
final class JenkinsProxy {

    private JenkinsProxy() {}

    /** The configured proxy, or {@code null} when Jenkins connects directly. */
    static ProxySettings settings() {
        ProxyConfiguration proxy = Jenkins.get().getProxy();
        if (proxy == null || proxy.getName() == null || proxy.getName().isBlank()) {
            return null;
        }
        List<String> nonProxyHosts =
                proxy.getNoProxyHostPatterns().stream().map(Pattern::pattern).collect(Collectors.toList());
        return new ProxySettings(
                proxy.getName(),
                proxy.getPort(),
                proxy.getUserName(),
                Secret.toString(proxy.getSecretPassword()),
                nonProxyHosts);
    }
}
