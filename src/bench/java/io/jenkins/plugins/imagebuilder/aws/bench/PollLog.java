package io.jenkins.plugins.imagebuilder.aws.bench;

import io.jenkins.plugins.imagebuilder.aws.ImageBuilderOperation;
import io.jenkins.plugins.imagebuilder.aws.RecordedRequest;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * When each image build was polled, kept in arrays made before the measurement, so that the
 * measurement's heap does not count it: the first and last GetImage of each image and how many.
 */
final class PollLog implements Consumer<RecordedRequest> {

    private final Map<String, Integer> index = new HashMap<>();
    private final long[] first;
    private final long[] last;
    private final int[] count;

    PollLog(List<String> images) {
        for (int i = 0; i < images.size(); i++) {
            index.put(images.get(i), i);
        }
        first = new long[images.size()];
        last = new long[images.size()];
        count = new int[images.size()];
    }

    @Override
    public synchronized void accept(RecordedRequest request) {
        if (request.operation() != ImageBuilderOperation.GET_IMAGE) {
            return;
        }
        Integer i = index.get(request.query().get("imageBuildVersionArn"));
        if (i != null) {
            if (count[i]++ == 0) {
                first[i] = request.receivedNanos();
            }
            last[i] = request.receivedNanos();
        }
    }

    /**
     * GetImage calls per wait per poll period: for each wait, the calls after its first divided by the
     * periods between its first and last call, averaged over the waits polled more than once.
     */
    synchronized double pollsPerPeriod(Duration period) {
        double sum = 0;
        int counted = 0;
        for (int i = 0; i < count.length; i++) {
            if (count[i] > 1) {
                sum += (count[i] - 1) / ((last[i] - first[i]) / (double) period.toNanos());
                counted++;
            }
        }
        return counted == 0 ? 0 : sum / counted;
    }
}
