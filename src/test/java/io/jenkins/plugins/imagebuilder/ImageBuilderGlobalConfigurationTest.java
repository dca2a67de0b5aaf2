package io.jenkins.plugins.imagebuilder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.casc.misc.ConfiguredWithCode;
import io.jenkins.plugins.casc.misc.JenkinsConfiguredWithCodeRule;
import io.jenkins.plugins.casc.misc.junit.jupiter.WithJenkinsConfiguredWithCode;
import io.jenkins.plugins.imagebuilder.aws.InvalidInputException;
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
        assertEquals("http://127.0.0.1:8088\nhttps://imagebuilder.corp.example", configuration.getAllowedEndpoints());
        assertEquals("http://127.0.0.1:8088", configuration.endpointPolicy().check("http://127.0.0.1:8088", null));
    }

    @Test
    @ConfiguredWithCode("configuration-as-code.yml")
    void theSystemPageKeepsTheSettings(JenkinsConfiguredWithCodeRule r) throws Exception {
        r.configRoundtrip();

        ImageBuilderGlobalConfiguration configuration = ImageBuilderGlobalConfiguration.get();
        assertTrue(configuration.isUseControllerCredentials());
        assertFalse(configuration.isTraceabilityTags());
        assertEquals("http://127.0.0.1:8088\nhttps://imagebuilder.corp.example", configuration.getAllowedEndpoints());
    }

    @Test
    void metadataAddressesCannotBeAllowed(JenkinsConfiguredWithCodeRule r) {
        ImageBuilderGlobalConfiguration configuration = ImageBuilderGlobalConfiguration.get();

        assertThrows(InvalidInputException.class, () -> configuration.setAllowedEndpoints("http://169.254.169.254"));
        assertNull(configuration.getAllowedEndpoints());
    }

    @Test
    void byDefaultTheControllersCredentialsAreOffAndImagesAreTagged(JenkinsConfiguredWithCodeRule r) {
        ImageBuilderGlobalConfiguration configuration = ImageBuilderGlobalConfiguration.get();

        assertFalse(configuration.isUseControllerCredentials());
        assertTrue(configuration.isTraceabilityTags());
        assertNull(configuration.getAllowedEndpoints(), "only Image Builder's own endpoints");
    }
}
