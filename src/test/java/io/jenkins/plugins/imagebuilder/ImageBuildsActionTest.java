package io.jenkins.plugins.imagebuilder;

import static org.junit.jupiter.api.Assertions.assertEquals;

import hudson.EnvVars;
import hudson.model.Run;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** What Jenkins keeps of the build page's records. */
@WithJenkins
class ImageBuildsActionTest {

    @Test
    void anActionSavedWithoutRecordsLoadsEmpty(JenkinsRule r) {
        ImageBuildsAction loaded =
                (ImageBuildsAction) Run.XSTREAM2.fromXML("<io.jenkins.plugins.imagebuilder.ImageBuildsAction/>");

        assertEquals(List.of(), loaded.getRecords());
        EnvVars environment = new EnvVars();
        loaded.buildEnvironment(null, environment);
        assertEquals(0, environment.size());
    }
}
