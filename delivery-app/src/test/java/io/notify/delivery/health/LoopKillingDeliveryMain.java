package io.notify.delivery.health;

import io.notify.delivery.DeliveryApp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The delivery app's real main with one addition: once the file named by
 * {@code -Dnotify.test.kill.request} appears, the thread named in it is killed. Everything after
 * that (the probe failing, the process exiting) is the production code's doing.
 */
public final class LoopKillingDeliveryMain {

    private LoopKillingDeliveryMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Path request = Path.of(System.getProperty("notify.test.kill.request"));
        Thread killer = new Thread(() -> killWhenAsked(request), "test-loop-killer");
        killer.setDaemon(true);
        killer.start();
        DeliveryApp.main(args);
    }

    private static void killWhenAsked(Path request) {
        try {
            while (!Files.exists(request)) {
                Thread.sleep(50);
            }
            String threadName = Files.readString(request, StandardCharsets.UTF_8).trim();
            System.out.println("test-loop-killer: killed " + LoopKiller.kill(threadName) + " thread(s) named " + threadName);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
