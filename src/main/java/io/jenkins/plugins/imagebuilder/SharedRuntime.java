package io.jenkins.plugins.imagebuilder;

import hudson.Extension;
import hudson.ExtensionList;
import hudson.ProxyConfiguration;
import hudson.init.Terminator;
import hudson.util.Secret;
import io.jenkins.plugins.imagebuilder.aws.ImageBuilderRuntime;
import io.jenkins.plugins.imagebuilder.aws.ProxySettings;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import jenkins.model.Jenkins;

/**
 * The controller's one {@link ImageBuilderRuntime}, which every step and form shares, reaching AWS through
 * Jenkins' proxy settings (read at each call: nothing tells when they change). Closed when Jenkins stops.
 */
@Extension
public final class SharedRuntime {

    private ImageBuilderRuntime runtime;

    public static ImageBuilderRuntime get() {
        return ExtensionList.lookupSingleton(SharedRuntime.class).runtime();
    }

    private synchronized ImageBuilderRuntime runtime() {
        if (runtime == null) {
            runtime = ImageBuilderRuntime.create(
                    SharedRuntime::proxy,
                    () -> ImageBuilderGlobalConfiguration.get().endpointPolicy(),
                    ImageBuilderRuntime.DEFAULT_WORKERS);
        }
        return runtime;
    }

    @Terminator
    public synchronized void close() {
        if (runtime != null) {
            runtime.close();
            runtime = null;
        }
    }

    /** The proxy configured in Manage Jenkins, or {@code null} when Jenkins connects directly. */
    static ProxySettings proxy() {
        ProxyConfiguration proxy = Jenkins.get().getProxy();
        if (proxy == null || proxy.getName() == null || proxy.getName().isBlank()) {
            return null;
        }
        return new ProxySettings(
                proxy.getName(),
                proxy.getPort(),
                proxy.getUserName(),
                Secret.toString(proxy.getSecretPassword()),
                proxy.getNoProxyHostPatterns().stream().map(Pattern::pattern).collect(Collectors.toList()));
    }
}
