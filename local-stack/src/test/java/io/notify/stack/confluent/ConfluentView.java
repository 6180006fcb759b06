package io.notify.stack.confluent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.apache.avro.Schema;

/**
 * The registry as a Confluent client sees it: plain HTTP to /apis/ccompat/v7, nothing of
 * Apicurio's. A writer schema is whatever {@code /schemas/ids/{id}} returns, with every reference
 * it lists fetched from {@code /subjects/{subject}/versions/{version}}, as Confluent's clients do.
 */
final class ConfluentView {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();
    private final String ccompatUrl;

    ConfluentView(String ccompatUrl) {
        this.ccompatUrl = ccompatUrl;
    }

    Schema writerSchema(int schemaId) {
        JsonNode schema = get("/schemas/ids/" + schemaId);
        Schema.Parser parser = new Schema.Parser();
        // Named types a schema uses must be known to the parser before it parses that schema.
        parseReferences(schema, parser, new HashSet<>());
        return parser.parse(schema.path("schema").asText());
    }

    /** What {@code /subjects/{subject}/versions/latest} answers: subject, version, id, schema. */
    JsonNode latestVersion(String subject) {
        return get("/subjects/" + encoded(subject) + "/versions/latest");
    }

    /** The status of registering {@code schema} as a new version of {@code subject}, and the registry's answer. */
    HttpResponse<String> register(String subject, String schema) {
        String body = JSON.createObjectNode().put("schema", schema).toString();
        return send(HttpRequest.newBuilder(URI.create(ccompatUrl + "/subjects/" + encoded(subject) + "/versions"))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private void parseReferences(JsonNode schema, Schema.Parser parser, Set<String> parsed) {
        for (JsonNode reference : schema.path("references")) {
            String subject = reference.path("subject").asText();
            String version = reference.path("version").asText();
            if (parsed.add(subject + "/" + version)) {
                JsonNode referenced = get("/subjects/" + encoded(subject) + "/versions/" + version);
                parseReferences(referenced, parser, parsed);
                parser.parse(referenced.path("schema").asText());
            }
        }
    }

    private JsonNode get(String path) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(ccompatUrl + path)).GET().build());
        if (response.statusCode() != 200) {
            throw new AssertionError("GET " + path + " through the Confluent-compatible API answered "
                    + response.statusCode() + ": " + response.body());
        }
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("GET " + path + " answered no JSON: " + response.body(), e);
        }
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError("the registry did not answer " + request.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static String encoded(String subject) {
        return URLEncoder.encode(subject, StandardCharsets.UTF_8);
    }
}
