package io.notify.connectors.transforms;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

class SchemalessTombstoneTest {

    private static final Schema ROW = SchemaBuilder.struct().name("devices.Value").optional()
            .field("id", Schema.INT64_SCHEMA).build();

    private final SchemalessTombstone<SourceRecord> transform = new SchemalessTombstone<>();
    private final JsonConverter json = new JsonConverter();

    SchemalessTombstoneTest() {
        json.configure(Map.of("schemas.enable", false), false);
    }

    @Test
    void shouldWriteADeletedRowAsATrueTombstone() {
        SourceRecord delete = new SourceRecord(Map.of(), Map.of(), "userdb.public.devices", 0,
                Schema.STRING_SCHEMA, "7", ROW, null);

        assertThat(json.fromConnectData("t", delete.valueSchema(), delete.value())).asString().isEqualTo("null");
        SourceRecord transformed = transform.apply(delete);
        assertThat(json.fromConnectData("t", transformed.valueSchema(), transformed.value())).isNull();
        assertThat(transformed.key()).isEqualTo("7");
    }

    @Test
    void shouldLeaveRowsWithValuesUntouched() {
        SourceRecord upsert = new SourceRecord(Map.of(), Map.of(), "userdb.public.devices", 0,
                Schema.STRING_SCHEMA, "7", ROW, new Struct(ROW).put("id", 7L));

        assertThat(transform.apply(upsert)).isSameAs(upsert);
    }
}
