package io.jenkins.plugins.imagebuilder;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.casc.misc.ConfiguredWithCode;
import io.jenkins.plugins.casc.misc.JenkinsConfiguredWithCodeRule;
import io.jenkins.plugins.casc.misc.junit.jupiter.WithJenkinsConfiguredWithCode;
import org.junit.jupiter.api.Test;

/** The administrator's settings, as Configuration as Code sets them and as the System page saves them. */
@WithJenkinsConfiguredWithCode
class ImageBuilderGlobalConfigurationTest {

    @Test
    @ConfiguredWithCode("configuration-as-code.yml")
    void configurationAsCodeSetsBothSettings(JenkinsConfiguredWithCodeRule r) {
        ImageBuilderGlobalConfiguration configuration = ImageBuilderGlobalConfiguration.get();

        assertTrue(configuration.isUseControllerCredentials());
        assertFalse(configuration.isTraceabilityTags());
    }

    @Test
    @ConfiguredWithCode("configuration-as-code.yml")
    void theSystemPageKeepsTheSettings(JenkinsConfiguredWithCodeRule r) throws Exception {
        r.configRoundtrip();

        ImageBuilderGlobalConfiguration configuration = ImageBuilderGlobalConfiguration.get();
        assertTrue(configuration.isUseControllerCredentials());
        assertFalse(configuration.isTraceabilityTags());
    }

    @Test
    void byDefaultTheControllersCredentialsAreOffAndImagesAreTagged(JenkinsConfiguredWithCodeRule r) {
        ImageBuilderGlobalConfiguration configuration = ImageBuilderGlobalConfiguration.get();

        assertFalse(configuration.isUseControllerCredentials());
        assertTrue(configuration.isTraceabilityTags());
    }
}
