package io.notify.cli.connect;

import io.notify.connectors.ConnectorConfigs;
import io.notify.connectors.ConnectorRegistration;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "connector", mixinStandardHelpOptions = true, description = "The Debezium connector of the user database.",
        subcommands = ConnectorCommand.Register.class)
public final class ConnectorCommand {

    @Command(name = "register", mixinStandardHelpOptions = true,
            description = {"Registers (or updates) the userdb connector with a Connect cluster and waits until it runs.",
                    "The worker must have USERDB_HOST, USERDB_PORT, USERDB_USER, USERDB_PASSWORD and USERDB_NAME in its",
                    "environment and the env config provider enabled (see connectors/…/worker.properties)."})
    static final class Register implements Callable<Integer> {

        @Option(names = "--connect-url", defaultValue = "${NOTIFY_CONNECT_URL:-http://localhost:8083}",
                description = "Kafka Connect REST URL (default ${DEFAULT-VALUE}).")
        String connectUrl;

        @Option(names = "--wait", defaultValue = "PT2M", description = "How long to wait for it to run (default ${DEFAULT-VALUE}).")
        Duration wait;

        @Override
        public Integer call() throws Exception {
            Map<String, String> connector = ConnectorConfigs.userDbConnector();
            String name = connector.get("name");
            ConnectorRegistration registration = new ConnectorRegistration(connectUrl);
            Instant deadline = Instant.now().plus(wait);
            // Connect may still be starting when this runs (a compose init container): retry until it answers.
            while (true) {
                try {
                    registration.put(connector);
                    break;
                } catch (java.io.IOException notYet) {
                    if (Instant.now().isAfter(deadline)) {
                        throw new IllegalStateException("cannot reach Kafka Connect at " + connectUrl);
                    }
                    Thread.sleep(1000);
                }
            }
            while (!registration.isRunning(name)) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("connector " + name + " registered but not running after " + wait.toSeconds() + " s");
                }
                Thread.sleep(500);
            }
            System.out.println("connector " + name + " is running at " + connectUrl);
            return 0;
        }
    }
}
