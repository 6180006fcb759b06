package io.notify.stack.kafka;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SASL/SCRAM principals of a broker, with generated passwords: {@code admin} (the broker
 * itself and the operator) and one per service. Clients authenticate with
 * {@link #clientProperties(String)}; what each principal may do is {@link ServiceAcls}' job.
 */
public final class BrokerSecurity {

    public static final String MECHANISM = "SCRAM-SHA-512";
    public static final String ADMIN = "admin";

    private final Map<String, String> passwords = new LinkedHashMap<>();

    public BrokerSecurity(List<String> services) {
        SecureRandom random = new SecureRandom();
        passwords.put(ADMIN, HexFormat.of().formatHex(random.generateSeed(16)));
        services.forEach(service -> passwords.put(service, HexFormat.of().formatHex(random.generateSeed(16))));
    }

    public Map<String, String> passwords() {
        return Map.copyOf(passwords);
    }

    /** What a client of {@code principal} adds to its settings (the kafka.client.* keys of the apps). */
    public Map<String, String> clientProperties(String principal) {
        String password = passwords.get(principal);
        if (password == null) {
            throw new IllegalArgumentException("no principal " + principal);
        }
        return clientProperties(principal, password);
    }

    public static Map<String, String> clientProperties(String principal, String password) {
        return Map.of(
                "security.protocol", "SASL_PLAINTEXT",
                "sasl.mechanism", MECHANISM,
                "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                        + principal + "\" password=\"" + password + "\";");
    }

    /** StorageTool arguments that create every principal's SCRAM credential at format time. */
    List<String> formatArguments() {
        return passwords.entrySet().stream()
                .flatMap(user -> List.of("--add-scram", MECHANISM + "=[name=" + user.getKey() + ",password=" + user.getValue() + "]").stream())
                .toList();
    }

    /** Broker settings: SASL on the client listener, authorization with deny-by-default. */
    Map<String, String> brokerProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("sasl.enabled.mechanisms", MECHANISM);
        properties.put("sasl.mechanism.inter.broker.protocol", MECHANISM);
        properties.put("listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config",
                clientProperties(ADMIN).get("sasl.jaas.config"));
        properties.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        // The controller listener is local to the node and plaintext: its principal is ANONYMOUS.
        properties.put("super.users", "User:" + ADMIN + ";User:ANONYMOUS");
        properties.put("allow.everyone.if.no.acl.found", "false");
        return properties;
    }
}
