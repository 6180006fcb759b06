package io.notify.connectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ConnectorConfigsTest {

    private static final Map<String, String> CONNECTION = Map.of(
            "USERDB_HOST", "127.0.0.1", "USERDB_PORT", "5433", "USERDB_USER", "notify",
            "USERDB_PASSWORD", "pw", "USERDB_NAME", "userdb");

    @Test
    void shouldFillTheConnectionIntoTheDebeziumConfig() {
        Map<String, String> config = ConnectorConfigs.userDbConnector(CONNECTION);

        assertThat(config)
                .containsEntry("database.port", "5433")
                .containsEntry("database.password", "pw")
                .containsEntry("plugin.name", "pgoutput")
                .containsEntry("topic.prefix", "userdb")
                .containsEntry("transforms.unwrap.type", "io.debezium.transforms.ExtractNewRecordState");
    }

    @Test
    void shouldNameTheMissingPlaceholder() {
        assertThatThrownBy(() -> ConnectorConfigs.userDbConnector(Map.of("USERDB_HOST", "h")))
                .hasMessageContaining("${USERDB_");
    }
}
