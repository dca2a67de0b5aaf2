package io.jenkins.plugins.imagebuilder;

import hudson.EnvVars;
import hudson.Util;
import hudson.model.EnvironmentContributingAction;
import hudson.model.Item;
import hudson.model.Run;
import hudson.security.Permission;
import io.jenkins.plugins.imagebuilder.aws.ImageBuildReport;
import io.jenkins.plugins.imagebuilder.aws.ImageBuildVariables;
import io.jenkins.plugins.imagebuilder.aws.InvalidInputException;
import io.jenkins.plugins.imagebuilder.aws.WaitingStepAction;
import io.jenkins.plugins.imagebuilder.aws.WorkflowStep;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import jenkins.model.Jenkins;
import jenkins.model.RunAction2;
import org.kohsuke.stapler.HttpResponse;
import org.kohsuke.stapler.HttpResponses;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * The image builds of one Jenkins build, listed on its page with their workflow steps and scan counts; the
 * one whose variables changed last gives later steps their environment variables. A step that waits for an
 * action can be resumed by those who may build the job and stopped by those who may cancel its builds.
 */
public final class ImageBuildsAction implements RunAction2, EnvironmentContributingAction {

    private static final Logger LOGGER = Logger.getLogger(ImageBuildsAction.class.getName());
    // The service answers in a second; its retries take at most about half a minute.
    private static final long SEND_LIMIT_SECONDS = 60;

    // Replaced, never changed in place: saving the build may walk it while another branch adds a record.
    private volatile ArrayList<ImageBuildRecord> records = new ArrayList<>();
    private String latest;
    private transient Run<?, ?> run;
    // How to reach the waits that hold a waiting step, by image: only while they run, so never saved.
    private transient Map<String, ImageBuildReport.StepGate> liveGates;

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
            if (report.waiting() != null && report.gate() != null) {
                gates().put(image, report.gate());
            } else if (report.waiting() != null) {
                gates().remove(image);
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

    /**
     * The build page's Resume and Stop: sends the action to the waiting step through the wait that saw it,
     * on behalf of the user, who needs to be allowed to build the job (Resume) or cancel its builds (Stop).
     */
    @POST
    public HttpResponse doStepAction(
            @QueryParameter String image, @QueryParameter String step, @QueryParameter String decision)
            throws IOException {
        WaitingStepAction action;
        try {
            action = WaitingStepAction.parse(decision);
        } catch (InvalidInputException e) {
            throw HttpResponses.errorWithoutStack(400, e.getMessage());
        }
        run.getParent().checkPermission(permissionFor(action));
        ImageBuildReport.StepGate gate = image == null ? null : gates().get(image);
        if (gate == null) {
            throw HttpResponses.errorWithoutStack(409, Messages.ImageBuildsAction_NotHeld());
        }
        try {
            gate.send(step, action, Jenkins.getAuthentication2().getName()).get(SEND_LIMIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw HttpResponses.errorWithoutStack(
                    409, e.getCause() == null ? e.toString() : e.getCause().getMessage());
        } catch (TimeoutException e) {
            throw HttpResponses.errorWithoutStack(504, Messages.ImageBuildsAction_NoAnswer());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        return HttpResponses.redirectToDot();
    }

    /** Whether the page offers the current user this action on a waiting step of this image build. */
    public boolean mayDecide(ImageBuildRecord record, String action) {
        return run != null
                && run.isBuilding()
                && gates().containsKey(record.getImageBuildVersionArn())
                && !record.getWaitingSteps().isEmpty()
                && run.getParent().hasPermission(permissionFor(WaitingStepAction.parse(action)));
    }

    private static Permission permissionFor(WaitingStepAction action) {
        return action == WaitingStepAction.RESUME ? Item.BUILD : Item.CANCEL;
    }

    // Null after the action is read back from disk: transient fields are not initialised then.
    private Map<String, ImageBuildReport.StepGate> gates() {
        synchronized (this) {
            if (liveGates == null) {
                liveGates = new ConcurrentHashMap<>();
            }
            return liveGates;
        }
    }

    /** Whether any image build of this build has AMIs, so that the page shows their column. */
    public boolean isAnyAmis() {
        return getRecords().stream().anyMatch(r -> r.getVariables().containsKey(ImageBuildVariables.AMIS));
    }

    /** Whether any image build of this build has scan counts, so that the page shows their column. */
    public boolean isAnyFindings() {
        return getRecords().stream().anyMatch(r -> !r.getFindings().isEmpty());
    }

    /** When a workflow step started, for the page to show in the viewer's terms; {@code null} if not yet. */
    public Date stepStarted(WorkflowStep step) {
        try {
            return step.startTime() == null ? null : Date.from(Instant.parse(step.startTime()));
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** How long a workflow step took, or has taken so far while the build still follows it. */
    public String stepDuration(WorkflowStep step) {
        Duration duration = step.duration();
        return duration == null ? "" : Util.getTimeSpanString(duration.toMillis());
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
