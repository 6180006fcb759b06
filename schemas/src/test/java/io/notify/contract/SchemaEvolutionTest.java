package io.notify.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.junit.jupiter.api.Test;

/**
 * Guards the contract: every schema must still read data written with the last committed
 * version (the baseline in src/test/resources/schema-baseline). After a deliberate, compatible
 * change, refresh the baseline with {@code mvn -pl schemas test -Dschema.baseline.update=true}.
 */
class SchemaEvolutionTest {

    @Test
    void shouldReadEveryBaselineSchemaWithTheCurrentSchema() throws Exception {
        Map<String, Schema> current = ContractSchemas.current();
        if (Boolean.getBoolean("schema.baseline.update")) {
            ContractSchemas.writeBaseline(current);
        }
        Map<String, Schema> baseline = ContractSchemas.baseline();

        List<String> problems = new ArrayList<>();
        baseline.forEach((name, committed) -> {
            Schema now = current.get(name);
            if (now == null) {
                problems.add(name + " was removed from the contract");
            } else if (!isBackwardCompatible(now, committed)) {
                problems.add(name + ": " + SchemaCompatibility.checkReaderWriterCompatibility(now, committed)
                        .getResult().getIncompatibilities());
            }
        });
        current.keySet().stream()
                .filter(name -> !baseline.containsKey(name))
                .forEach(name -> problems.add(name + " is new: add it to the baseline (-Dschema.baseline.update=true)"));

        assertThat(problems).isEmpty();
    }

    @Test
    void shouldRejectANewFieldWithoutDefault() {
        Schema v1 = new Schema.Parser().parse("""
                {"type":"record","name":"E","fields":[{"name":"id","type":"string"}]}""");
        Schema v2 = new Schema.Parser().parse("""
                {"type":"record","name":"E","fields":[{"name":"id","type":"string"},{"name":"n","type":"int"}]}""");

        assertThat(isBackwardCompatible(v2, v1)).isFalse();
    }

    @Test
    void shouldAcceptANewOptionalField() {
        Schema v1 = new Schema.Parser().parse("""
                {"type":"record","name":"E","fields":[{"name":"id","type":"string"}]}""");
        Schema v2 = new Schema.Parser().parse("""
                {"type":"record","name":"E","fields":[{"name":"id","type":"string"},
                 {"name":"n","type":["null","int"],"default":null}]}""");

        assertThat(isBackwardCompatible(v2, v1)).isTrue();
    }

    private static boolean isBackwardCompatible(Schema reader, Schema writer) {
        return SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getType()
                == SchemaCompatibilityType.COMPATIBLE;
    }
}
