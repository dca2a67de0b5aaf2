package io.jenkins.plugins.imagebuilder;

import hudson.EnvVars;
import hudson.model.EnvironmentContributingAction;
import hudson.model.Run;
import io.jenkins.plugins.imagebuilder.aws.ImageBuildVersionArn;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.RunAction2;

/**
 * The image builds of one Jenkins build: listed on the build's page, and the source of the
 * environment variables later steps see. With several image builds in one build, the one that
 * changed last gives the variables; each keeps its own record here.
 */
public final class ImageBuildsAction implements RunAction2, EnvironmentContributingAction {

    private static final Logger LOGGER = Logger.getLogger(ImageBuildsAction.class.getName());

    // Replaced, never changed in place: saving the build may walk it while another branch adds a record.
    // A plain ArrayList, which build.xml stores as such.
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

    /** Notes a started (or awaited) image build and makes it the one whose variables later steps see. */
    void started(String pipelineArn, ImageBuildVersionArn image, Map<String, String> variables) {
        synchronized (this) {
            if (find(image.toString()) == null) {
                add(new ImageBuildRecord(pipelineArn, image, variables));
            }
            latest = image.toString();
        }
        save();
    }

    /** Notes the state of an image build; {@code variables} replace its variables when not {@code null}. */
    void updated(ImageBuildVersionArn image, String status, String reason, Map<String, String> variables) {
        synchronized (this) {
            ImageBuildRecord record = find(image.toString());
            if (record == null) {
                record = new ImageBuildRecord(null, image, Map.of());
                add(record);
            }
            record.update(status, reason, variables);
            if (variables != null) {
                latest = image.toString();
            }
        }
        save();
    }

    public Run<?, ?> getRun() {
        return run;
    }

    public List<ImageBuildRecord> getRecords() {
        return Collections.unmodifiableList(records);
    }

    private void add(ImageBuildRecord record) {
        ArrayList<ImageBuildRecord> more = new ArrayList<>(records);
        more.add(record);
        records = more;
    }

    private ImageBuildRecord find(String arn) {
        return records.stream()
                .filter(r -> r.getImageBuildVersionArn().equals(arn))
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

    private void save() {
        if (run != null) {
            try {
                run.save();
            } catch (IOException e) {
                LOGGER.log(Level.WARNING, "Could not save the image builds of " + run, e);
            }
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
