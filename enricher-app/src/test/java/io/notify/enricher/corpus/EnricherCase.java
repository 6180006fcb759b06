package io.notify.enricher.corpus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * One bad-input case of {@code corpus/enricher/*.json}: the steps that feed the topology and the
 * outcome expected, declared next to each other.
 */
record EnricherCase(String name, JsonNode descriptor) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DIRECTORY = "corpus/enricher";

    static List<EnricherCase> all() {
        try (Stream<Path> files = Files.list(Path.of(EnricherCase.class.getClassLoader().getResource(DIRECTORY).toURI()))) {
            return files.filter(file -> file.toString().endsWith(".json")).sorted().map(EnricherCase::read).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static EnricherCase read(Path file) {
        try {
            return new EnricherCase(file.getFileName().toString().replace(".json", ""), JSON.readTree(file.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    JsonNode steps() {
        return descriptor.path("steps");
    }

    JsonNode expected() {
        return descriptor.path("expected");
    }

    @Override
    public String toString() {
        return name;
    }
}
