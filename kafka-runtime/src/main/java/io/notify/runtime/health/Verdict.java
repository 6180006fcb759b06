package io.notify.runtime.health;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The answer of one probe: pass or fail, and the facts behind it (states, partitions, counts; never contact data). */
public record Verdict(boolean passed, Map<String, Object> facts) {

    public Verdict {
        facts = Collections.unmodifiableMap(new LinkedHashMap<>(facts));
    }

    public static Verdict pass(Map<String, Object> facts) {
        return new Verdict(true, facts);
    }

    public static Verdict fail(Map<String, Object> facts) {
        return new Verdict(false, facts);
    }

    /** The JSON body of the probe: {@code status} first, then the facts. */
    public Map<String, Object> body() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", passed ? "UP" : "DOWN");
        body.putAll(facts);
        return body;
    }
}
