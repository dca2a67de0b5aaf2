package io.jenkins.plugins.imagebuilder.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What a restart reads back of a step's progress is always a whole change, never half of one. */
class ImageBuildProgressTest {

    private static final ImageBuildVersionArn IMAGE =
            ImageBuildVersionArn.parse("arn:aws:imagebuilder:us-east-1:123456789012:image/web/1.0.0/1");

    private static byte[] serialize(ImageBuildProgress progress) {
        try (ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(progress);
            out.flush();
            return bytes.toByteArray();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ImageBuildProgress deserialize(byte[] bytes) throws Exception {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            return (ImageBuildProgress) in.readObject();
        }
    }

    @Test
    void aSaveDuringAChangeWaitsForTheWholeChange() throws Exception {
        ImageBuildProgress progress = new ImageBuildProgress();
        CompletableFuture<byte[]> saved;
        Thread saver;
        synchronized (progress) {
            // A worker is in the middle of a change: the phase is set, the image not yet.
            progress.begin(Instant.EPOCH, ImageBuildProgress.Phase.WAITING, null);
            saved = new CompletableFuture<>();
            CompletableFuture<byte[]> result = saved;
            saver = new Thread(() -> result.complete(serialize(progress)), "saving the program");
            saver.start();
            // The save must wait for the monitor the change holds.
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (saver.getState() != Thread.State.BLOCKED && System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            assertEquals(Thread.State.BLOCKED, saver.getState(), "the save waits for the change under way");
            progress.imageKnown(IMAGE, true);
        }

        ImageBuildProgress restored = deserialize(saved.get(30, TimeUnit.SECONDS));

        assertEquals(ImageBuildProgress.Phase.WAITING, restored.phase());
        assertNotNull(restored.image(), "a restored wait knows its image");
        assertEquals(IMAGE, restored.image());
    }

    @Test
    void whatIsKeptComesBackAfterARestart() throws Exception {
        ImageBuildProgress progress = new ImageBuildProgress();
        progress.begin(Instant.ofEpochMilli(1_000), ImageBuildProgress.Phase.STARTING, null);
        progress.imageKnown(IMAGE, true);
        progress.seen(ImageBuildStatus.BUILDING);
        progress.toldOfStep("step-1", ImageBuildProgress.STEP_WAITING);

        ImageBuildProgress restored = deserialize(serialize(progress));

        assertEquals(IMAGE, restored.image());
        assertEquals(ImageBuildStatus.BUILDING, restored.lastStatus());
        assertEquals(Instant.ofEpochMilli(1_000), restored.startedAt());
        assertEquals(ImageBuildProgress.STEP_WAITING, restored.toldOfStep("step-1"));
    }
}
