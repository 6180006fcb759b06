package io.notify.delivery.corpus;

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
 * One provider answer of {@code corpus/delivery/*.json}: which adapter, how the sandbox (or the
 * adapter's own configuration) is made to fail, and the {@code SendOutcome} expected.
 */
record ProviderAnswerCase(String name, JsonNode descriptor) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DIRECTORY = "corpus/delivery";

    static List<ProviderAnswerCase> all() {
        try (Stream<Path> files = Files.list(Path.of(ProviderAnswerCase.class.getClassLoader().getResource(DIRECTORY).toURI()))) {
            return files.filter(file -> file.toString().endsWith(".json")).sorted().map(ProviderAnswerCase::read).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ProviderAnswerCase read(Path file) {
        try {
            return new ProviderAnswerCase(file.getFileName().toString().replace(".json", ""), JSON.readTree(file.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String provider() {
        return descriptor.path("provider").asText();
    }

    JsonNode fault() {
        return descriptor.path("fault");
    }

    JsonNode config() {
        return descriptor.path("config");
    }

    int bodyChars() {
        return descriptor.path("bodyChars").asInt(0);
    }

    JsonNode expected() {
        return descriptor.path("expected");
    }

    @Override
    public String toString() {
        return name;
    }
}
