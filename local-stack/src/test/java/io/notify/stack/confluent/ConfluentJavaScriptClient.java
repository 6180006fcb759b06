package io.notify.stack.confluent;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code @kafkajs/confluent-schema-registry} under Node, installed by {@code npm ci} from the
 * committed lock file into the test classes, driven by decode.mjs next to it.
 */
final class ConfluentJavaScriptClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long INSTALL_MINUTES = 5;
    private static final long DECODE_MINUTES = 2;

    private final Path directory;

    private ConfluentJavaScriptClient(Path directory) {
        this.directory = directory;
    }

    /** Skips the calling test when there is no Node (CI has it); fails when the install does. */
    static ConfluentJavaScriptClient installed() {
        assumeTrue(answers("node", "--version") && answers("npm", "--version"),
                "node and npm are not on the PATH: the JavaScript Confluent client cannot run, so its check is skipped");
        Path directory = resourceDirectory();
        run(directory, INSTALL_MINUTES, "npm", "ci", "--no-audit", "--no-fund");
        return new ConfluentJavaScriptClient(directory);
    }

    /** Decodes each topic's value through the registry at {@code ccompatUrl}: what the client answered, by topic. */
    Map<String, JsonNode> decode(String ccompatUrl, Map<String, byte[]> valuesByTopic) throws IOException {
        Process node = new ProcessBuilder("node", "decode.mjs", ccompatUrl).directory(directory.toFile())
                .redirectError(directory.resolve("decode.log").toFile()).start();
        try (Writer input = node.outputWriter(StandardCharsets.UTF_8)) {
            for (Map.Entry<String, byte[]> value : valuesByTopic.entrySet()) {
                input.write(JSON.createObjectNode().put("topic", value.getKey())
                        .put("value", Base64.getEncoder().encodeToString(value.getValue())) + "\n");
            }
        }
        Map<String, JsonNode> answers = new HashMap<>();
        try (BufferedReader output = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = output.readLine(); line != null; line = output.readLine()) {
                JsonNode answer = JSON.readTree(line);
                answers.put(answer.path("topic").asText(), answer);
            }
        }
        awaitSuccess(node, DECODE_MINUTES, "node decode.mjs");
        return answers;
    }

    private static Path resourceDirectory() {
        try {
            return Path.of(ConfluentJavaScriptClient.class.getResource("/confluent-js-client/package.json").toURI()).getParent();
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("confluent-js-client/ is not among the test resources", e);
        }
    }

    private static boolean answers(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void run(Path directory, long minutes, String... command) {
        Path log = directory.resolve(command[0] + ".log");
        try {
            Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            awaitSuccess(process, minutes, String.join(" ", command));
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + String.join(" ", command), e);
        } catch (IllegalStateException e) {
            throw new IllegalStateException(e.getMessage() + "; its output:\n" + tail(log), e);
        }
    }

    private static void awaitSuccess(Process process, long minutes, String what) {
        try {
            if (!process.waitFor(minutes, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException(what + " did not finish within " + minutes + " min");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + what, e);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException(what + " exited with " + process.exitValue());
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = new ArrayList<>(Files.readAllLines(log));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }
}
