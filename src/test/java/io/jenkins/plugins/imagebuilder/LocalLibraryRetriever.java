package io.jenkins.plugins.imagebuilder;

import hudson.FilePath;
import hudson.model.Run;
import hudson.model.TaskListener;
import java.io.File;
import org.jenkinsci.plugins.workflow.libs.LibraryRetriever;

/**
 * Hands a shared library to Jenkins from a folder, its {@code vars/}, {@code src/} and {@code resources/} and
 * nothing else: for JenkinsRule tests of a library's own repository. In the plugin's tests jar, beside the local
 * Image Builder.
 */
public final class LocalLibraryRetriever extends LibraryRetriever {

    private final String folder;

    /** @param folder the library's root, where its {@code vars/} is */
    public LocalLibraryRetriever(File folder) {
        this.folder = folder.getAbsolutePath();
    }

    @Override
    public void retrieve(
            String name, String version, boolean changelog, FilePath target, Run<?, ?> run, TaskListener listener)
            throws Exception {
        new FilePath(new File(folder)).copyRecursiveTo("vars/**,src/**,resources/**", target);
    }

    @Override
    public void retrieve(String name, String version, FilePath target, Run<?, ?> run, TaskListener listener)
            throws Exception {
        retrieve(name, version, false, target, run, listener);
    }
}
