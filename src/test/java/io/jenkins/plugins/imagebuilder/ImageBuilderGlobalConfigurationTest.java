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
import org.htmlunit.Page;
import org.htmlunit.html.HtmlForm;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;

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
    void aBadEndpointOnTheSystemPageNamesTheFieldAndSavesNothing(JenkinsConfiguredWithCodeRule r) throws Exception {
        JenkinsRule.WebClient web = r.createWebClient();
        web.setThrowExceptionOnFailingStatusCode(false);
        HtmlForm form = web.goTo("configure").getFormByName("config");
        form.getTextAreaByName("_.allowedEndpoints").setText("http://169.254.169.254");
        form.getInputByName("_.traceabilityTags").setChecked(false);

        Page page = r.submit(form);

        String answer = page.getWebResponse().getContentAsString();
        assertTrue(answer.contains("169.254.169.254"), answer);
        ImageBuilderGlobalConfiguration configuration = ImageBuilderGlobalConfiguration.get();
        assertNull(configuration.getAllowedEndpoints());
        assertTrue(configuration.isTraceabilityTags(), "the section's other settings are not changed either");
    }

    @Test
    void byDefaultTheControllersCredentialsAreOffAndImagesAreTagged(JenkinsConfiguredWithCodeRule r) {
        ImageBuilderGlobalConfiguration configuration = ImageBuilderGlobalConfiguration.get();

        assertFalse(configuration.isUseControllerCredentials());
        assertTrue(configuration.isTraceabilityTags());
        assertNull(configuration.getAllowedEndpoints(), "only Image Builder's own endpoints");
    }
}
