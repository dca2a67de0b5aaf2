package io.jenkins.plugins.imagebuilder.aws;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** The controllers a test starts, each stopped after the test: {@code @RegisterExtension}. */
final class Controllers implements AfterEachCallback {

    private final List<Controller> started = new ArrayList<>();

    /** A controller on the real clock. */
    Controller start() {
        return start(Clock.systemUTC());
    }

    /** @param clock the controller's clock, which times the deadlines of waits */
    Controller start(Clock clock) {
        Controller controller = new Controller(clock);
        started.add(controller);
        return controller;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        started.forEach(Controller::close);
        started.clear();
    }
}
