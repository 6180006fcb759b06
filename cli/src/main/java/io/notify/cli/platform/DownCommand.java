package io.notify.cli.platform;

import io.notify.stack.TemporaryDirectory;
import io.notify.stack.postgres.PostgresCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;

@Command(name = "down", mixinStandardHelpOptions = true,
        description = "Stops the platform started by `up` (in the foreground elsewhere, or with --detach).")
public final class DownCommand implements Callable<Integer> {

    @Override
    public Integer call() throws Exception {
        RunDirectory run = RunDirectory.inWorkingDirectory();
        Optional<ProcessHandle> up = run.runningUp();
        if (up.isEmpty()) {
            cleanUpAfterACrash(run);
            System.out.println("Nothing is running.");
            return 0;
        }
        ProcessHandle process = up.get();
        System.out.println("Stopping the platform (pid " + process.pid() + ")...");
        // The up process stops its own servers in order when asked; only if it hangs do we force.
        process.destroy();
        try {
            process.onExit().get(90, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException hung) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            cleanUpAfterACrash(run);
        }
        System.out.println("Stopped.");
        return 0;
    }

    /** An up process that was killed leaves its servers running, holding ports: stop them. */
    private static void cleanUpAfterACrash(RunDirectory run) {
        run.leftoverChildren().forEach(ProcessHandle::destroyForcibly);
        run.stackDirectory().ifPresent(directory -> {
            Path postgres = directory.resolve("postgres");
            if (Files.exists(postgres)) {
                PostgresCluster.stopLeftover(postgres);
            }
            TemporaryDirectory.delete(directory);
        });
        run.clear();
    }
}
