package io.jenkins.plugins.imagebuilder;

import hudson.EnvVars;
import hudson.model.EnvironmentContributingAction;
import hudson.model.Run;
import io.jenkins.plugins.imagebuilder.aws.ImageBuildReport;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import jenkins.model.RunAction2;

/**
 * The image builds of one Jenkins build, listed on its page; the one whose variables changed last gives
 * later steps their environment variables.
 */
public final class ImageBuildsAction implements RunAction2, EnvironmentContributingAction {

    private static final Logger LOGGER = Logger.getLogger(ImageBuildsAction.class.getName());

    // Replaced, never changed in place: saving the build may walk it while another branch adds a record.
    private volatile ArrayList<ImageBuildRecord> records = new ArrayList<>();
    private String latest;
    private transient Run<?, ?> run;

    /** The action of a build, added if it has none yet. */
    static ImageBuildsAction of(Run<?, ?> run) {
        synchronized (ImageBuildsAction.class) {
            ImageBuildsAction action = run.getAction(ImageBuildsAction.class);
            if (action == null) {
                action = new ImageBuildsAction();
                run.addAction(action);
            }
            return action;
        }
    }

    /** The image builds this build started itself (not those it only waited for). */
    static Set<String> startedBy(Run<?, ?> run) {
        ImageBuildsAction action = run.getAction(ImageBuildsAction.class);
        return action == null
                ? Set.of()
                : action.getRecords().stream()
                        .filter(r -> r.getPipelineArn() != null)
                        .map(ImageBuildRecord::getImageBuildVersionArn)
                        .collect(Collectors.toSet());
    }

    /** Notes a new or changed image build, and saves the build. */
    void record(ImageBuildReport report) {
        synchronized (this) {
            String image = report.image().toString();
            ImageBuildRecord record = find(image);
            if (record == null) {
                record = new ImageBuildRecord(report);
                ArrayList<ImageBuildRecord> more = new ArrayList<>(getRecords());
                more.add(record);
                records = more;
            } else {
                record.update(report);
            }
            if (report.variables() != null) {
                latest = image;
            }
        }
        try {
            if (run != null) {
                run.save();
            }
        } catch (IOException e) {
            LOGGER.log(Level.WARNING, "Could not save the image builds of " + run, e);
        }
    }

    public Run<?, ?> getRun() {
        return run;
    }

    public List<ImageBuildRecord> getRecords() {
        List<ImageBuildRecord> current = records;
        return current == null ? List.of() : Collections.unmodifiableList(current);
    }

    private ImageBuildRecord find(String image) {
        return getRecords().stream()
                .filter(r -> r.getImageBuildVersionArn().equals(image))
                .findFirst()
                .orElse(null);
    }

    @Override
    public void buildEnvironment(Run<?, ?> run, EnvVars env) {
        ImageBuildRecord record;
        synchronized (this) {
            record = latest == null ? null : find(latest);
        }
        if (record != null) {
            env.putAll(record.getVariables());
        }
    }

    @Override
    public void onAttached(Run<?, ?> run) {
        this.run = run;
    }

    @Override
    public void onLoad(Run<?, ?> run) {
        this.run = run;
    }

    @Override
    public String getIconFileName() {
        return "symbol-cube";
    }

    @Override
    public String getDisplayName() {
        return Messages.ImageBuildsAction_DisplayName();
    }

    @Override
    public String getUrlName() {
        return "image-builder";
    }
}
