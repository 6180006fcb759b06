package io.notify.connectors;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ConnectorConfigsTest {

    @Test
    void shouldKeepTheDatabaseConnectionOutOfTheConnectorConfig() {
        Map<String, String> config = ConnectorConfigs.userDbConnector();

        assertThat(config)
                .containsEntry("database.password", "${env:USERDB_PASSWORD}")
                .containsEntry("plugin.name", "pgoutput")
                .containsEntry("topic.prefix", "userdb")
                .containsEntry("transforms.unwrap.type", "io.debezium.transforms.ExtractNewRecordState");
        assertThat(config.values()).filteredOn(v -> v.startsWith("${env:"))
                .allMatch(v -> ConnectorConfigs.USERDB_ENVIRONMENT.contains(v.substring(6, v.length() - 1)));
    }

    @Test
    void shouldStampCommitTimesWhileTheSourceBlockIsStillThere() {
        Map<String, String> config = ConnectorConfigs.userDbConnector();

        assertThat(config.get("transforms").split(",")).startsWith("commitTimestamp", "unwrap");
        assertThat(config).containsEntry("transforms.commitTimestamp.type", "io.notify.connectors.transforms.CommitTimestamp");
    }

    @Test
    void shouldLetTheWorkerResolveEnvironmentReferences() {
        assertThat(ConnectorConfigs.worker())
                .containsEntry("config.providers", "env")
                .containsEntry("config.providers.env.class", "org.apache.kafka.common.config.provider.EnvVarConfigProvider");
    }
}
