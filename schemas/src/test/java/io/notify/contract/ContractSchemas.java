package io.notify.contract;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.avro.AvroTypeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/** Reads the contract's .avsc files and the committed baseline. */
final class ContractSchemas {

    static final Path SOURCE = Path.of("src/main/avro");
    static final Path BASELINE = Path.of("src/test/resources/schema-baseline");

    private ContractSchemas() {
    }

    /**
     * Current top-level schemas by full name. Files may reference types of other files, so a file
     * that does not resolve yet is retried once more types are known.
     */
    static Map<String, Schema> current() {
        Map<String, Schema> byName = new TreeMap<>();
        List<Path> pending = new ArrayList<>(avscFiles(SOURCE));
        while (!pending.isEmpty()) {
            int before = pending.size();
            for (Iterator<Path> it = pending.iterator(); it.hasNext(); ) {
                Path file = it.next();
                Schema.Parser parser = new Schema.Parser();
                parser.addTypes(byName.values());
                try {
                    Schema schema = parse(parser, file);
                    byName.put(schema.getFullName(), schema);
                    it.remove();
                } catch (SchemaParseException | AvroTypeException unresolved) {
                    if (pending.size() == 1) {
                        throw unresolved;
                    }
                }
            }
            if (pending.size() == before) {
                throw new IllegalStateException("unresolvable schemas: " + pending);
            }
        }
        return byName;
    }

    /** The last committed contract: one self-contained schema per file. */
    static Map<String, Schema> baseline() {
        Map<String, Schema> byName = new TreeMap<>();
        for (Path file : avscFiles(BASELINE)) {
            Schema schema = parse(new Schema.Parser(), file);
            byName.put(schema.getFullName(), schema);
        }
        return byName;
    }

    static void writeBaseline(Map<String, Schema> schemas) throws IOException {
        Files.createDirectories(BASELINE);
        for (Schema schema : schemas.values()) {
            Files.writeString(BASELINE.resolve(schema.getFullName() + ".avsc"), schema.toString(true) + "\n");
        }
    }

    private static List<Path> avscFiles(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.toString().endsWith(".avsc")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Schema parse(Schema.Parser parser, Path file) {
        try {
            return parser.parse(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
