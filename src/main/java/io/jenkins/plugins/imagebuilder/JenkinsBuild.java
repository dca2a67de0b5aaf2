package io.jenkins.plugins.imagebuilder;

import hudson.AbortException;
import hudson.EnvVars;
import hudson.model.Run;
import io.jenkins.plugins.imagebuilder.aws.BuildFacts;
import io.jenkins.plugins.imagebuilder.aws.ImageBuildOptions;
import io.jenkins.plugins.imagebuilder.aws.ImageBuildRequest;
import io.jenkins.plugins.imagebuilder.aws.InvalidInputException;
import io.jenkins.plugins.imagebuilder.aws.TraceabilityTags;
import io.jenkins.plugins.imagebuilder.aws.WorkflowStepDecision;
import java.util.Map;
import jenkins.model.Jenkins;

/** A Jenkins build as Image Builder sees it: what its client tokens derive from, and its traceability tags. */
final class JenkinsBuild {

    private JenkinsBuild() {}

    /**
     * The step's request, validated before anything is sent; an AbortException says what is wrong. Tokens
     * derive from the build's URL (or job and number) and the time it was scheduled, which is kept with the
     * build: a job made again, or another controller, has builds of the same URL, never at the same time.
     *
     * @param variables expanded in what the user wrote (freestyle), or {@code null}
     */
    static ImageBuildRequest request(ImageBuildOptions options, Run<?, ?> run, String discriminator, EnvVars variables)
            throws AbortException {
        BuildFacts facts = facts(run, discriminator);
        try {
            return ImageBuildRequest.from(options, variables == null ? facts : facts.expanding(variables::expand));
        } catch (InvalidInputException e) {
            throw new AbortException(e.getMessage());
        }
    }

    /** What {@code imageWorkflowStepAction} sends, validated before anything is sent. */
    static WorkflowStepDecision decision(WorkflowStepDecision.Options options, Run<?, ?> run, String discriminator)
            throws AbortException {
        try {
            return WorkflowStepDecision.from(options, facts(run, discriminator));
        } catch (InvalidInputException e) {
            throw new AbortException(e.getMessage());
        }
    }

    private static BuildFacts facts(Run<?, ?> run, String discriminator) {
        String root = Jenkins.get().getRootUrl();
        String url = root == null ? null : root + run.getUrl();
        String seed = (url != null ? url : "jenkins:" + run.getExternalizableId()) + "@" + run.getTimeInMillis();
        return BuildFacts.of(seed, discriminator)
                .named(url != null ? url : run.getFullDisplayName())
                .withTraceabilityTags(
                        ImageBuilderGlobalConfiguration.get().isTraceabilityTags()
                                ? TraceabilityTags.of(run.getParent().getFullName(), run.getNumber(), url)
                                : Map.of())
                .withImagesStartedHere(ImageBuildsAction.startedBy(run))
                .allowingEndpoints(ImageBuilderGlobalConfiguration.get().endpointPolicy());
    }
}
