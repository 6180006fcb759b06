package io.notify.enricher.trace;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the enricher must make of every input, worked out from the inputs alone: the contact data
 * as the steps built it, the rules as the README states them. Independent of the topology's code.
 */
final class ExpectedTrace {

    static final List<String> USERS = List.of("u-1", "u-2", "u-3");
    static final String UNKNOWN = "u-9";
    static final List<String> CHANNELS = List.of("ios", "android", "sms", "email");

    /** One output of one event: a channel, an address, and ROUTED or the suppression reason. */
    record Output(String channel, String address, String outcome) implements Comparable<Output> {
        @Override
        public int compareTo(Output o) {
            return (channel + address + outcome).compareTo(o.channel + o.address + o.outcome);
        }
    }

    /** What one input event must become: a dead letter with a reason, outputs, or nothing (a repeat). */
    record Decision(String eventId, String deadLetter, List<Output> outputs) {
    }

    private record Device(String user, String platform, String token, boolean invalidated) {
    }

    private record Contact(String email, String phone) {
    }

    private final Map<String, Contact> users = new HashMap<>();
    private final Map<Long, Device> devices = new HashMap<>();
    private final Map<String, Boolean> settings = new HashMap<>();
    private final Set<String> templates = new HashSet<>();
    private final Map<String, List<String>> held = new LinkedHashMap<>();
    private final Set<String> seen = new HashSet<>();

    void user(String user, String email, String phone, List<Decision> decided) {
        boolean firstSeen = !users.containsKey(user);
        users.put(user, new Contact(email, phone));
        if (firstSeen) {
            for (String eventId : held.getOrDefault(user, List.of())) {
                decided.add(decide(user, eventId));
            }
            held.remove(user);
        }
    }

    void deleteUser(String user) {
        users.remove(user);
    }

    void device(long id, String user, String platform, String token, boolean invalidated) {
        devices.put(id, new Device(user, platform, token, invalidated));
    }

    void deleteDevice(long id) {
        devices.remove(id);
    }

    void setting(String user, String channel, Boolean optIn) {
        if (optIn == null) {
            settings.remove(user + "|" + channel);
        } else {
            settings.put(user + "|" + channel, optIn);
        }
    }

    void template(String channel, boolean present) {
        if (present) {
            templates.add(channel);
        } else {
            templates.remove(channel);
        }
    }

    void event(String user, String eventId, List<Decision> decided) {
        if (users.containsKey(user)) {
            decided.add(decide(user, eventId));
        } else {
            held.computeIfAbsent(user, u -> new ArrayList<>()).add(eventId);
        }
    }

    /** The wait for contact data is over: every event still held is an unknown user's. */
    void giveUp(List<Decision> decided) {
        held.values().forEach(ids -> ids.forEach(id -> decided.add(new Decision(id, "unknown_user", List.of()))));
        held.clear();
    }

    private Decision decide(String user, String eventId) {
        if (templates.isEmpty()) {
            return new Decision(eventId, "no_template", List.of());
        }
        if (!seen.add(user + "|" + eventId)) {
            return new Decision(eventId, null, List.of());
        }
        List<Output> outputs = new ArrayList<>();
        for (String channel : CHANNELS) {
            Map<String, Boolean> targets = targets(user, channel);
            boolean content = templates.contains(channel);
            boolean optedOut = Boolean.FALSE.equals(settings.get(user + "|" + channel));
            if (!content && targets.isEmpty()) {
                continue;
            }
            if (targets.isEmpty()) {
                outputs.add(new Output(channel, "", "no_address"));
                continue;
            }
            targets.forEach((address, valid) -> {
                String outcome;
                if (!content) {
                    outcome = valid ? "no_template" : "invalid_recipient";
                } else if (optedOut) {
                    outcome = "opted_out";
                } else {
                    outcome = valid ? "ROUTED" : "invalid_recipient";
                }
                outputs.add(new Output(channel, address, outcome));
            });
        }
        outputs.sort(null);
        return new Decision(eventId, null, outputs);
    }

    /** Address to whether it is valid. */
    private Map<String, Boolean> targets(String user, String channel) {
        Map<String, Boolean> targets = new TreeMap<>();
        Contact contact = users.get(user);
        switch (channel) {
            case "sms" -> {
                if (contact.phone() != null) {
                    targets.put(contact.phone(), contact.phone().startsWith("+"));
                }
            }
            case "email" -> {
                if (contact.email() != null) {
                    targets.put(contact.email(), contact.email().contains("."));
                }
            }
            default -> devices.values().stream()
                    .filter(d -> d.user().equals(user) && d.platform().equals(channel) && !d.invalidated())
                    .forEach(d -> targets.put(d.token(), true));
        }
        return targets;
    }
}
