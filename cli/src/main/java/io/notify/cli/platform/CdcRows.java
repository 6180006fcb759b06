package io.notify.cli.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A readable line for a change data capture record. Contact details are personal data: it says
 * whether a user has an email or a phone number, never which.
 */
final class CdcRows {

    private static final ObjectMapper JSON = new ObjectMapper();

    private CdcRows() {
    }

    static String describe(String topic, String key, String value) {
        String table = topic.substring(topic.lastIndexOf('.') + 1);
        String prefix = String.format("%-11s %-22s %-8s ", "cdc", table, key);
        if (value == null) {
            return prefix + "deleted";
        }
        try {
            return prefix + summary(table, JSON.readTree(value));
        } catch (Exception e) {
            return prefix + "(unreadable row)";
        }
    }

    private static String summary(String table, JsonNode row) {
        return switch (table) {
            case "users" -> "user " + row.path("id").asText() + " locale=" + row.path("locale").asText()
                    + " email=" + presence(row, "email") + " phone=" + presence(row, "phone_number");
            case "devices" -> row.path("platform").asText() + " device of " + row.path("user_id").asText()
                    + (row.path("invalidated_at").isNull() ? "" : " (token invalidated)");
            case "notification_settings" -> row.path("user_id").asText() + " " + row.path("channel").asText() + "/"
                    + row.path("category").asText() + " opt_in=" + row.path("opt_in").asBoolean();
            case "templates" -> "template " + row.path("template_id").asText() + " " + row.path("channel").asText()
                    + "/" + row.path("locale").asText();
            default -> "changed";
        };
    }

    private static String presence(JsonNode row, String field) {
        return row.path(field).isNull() || row.path(field).asText().isBlank() ? "none" : "yes";
    }
}
