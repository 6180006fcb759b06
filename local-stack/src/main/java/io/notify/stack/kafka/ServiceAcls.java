package io.notify.stack.kafka;

import io.notify.contract.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * Who may do what on the platform's topics: a producing service may write its own
 * {@code events.<service>} topic and nothing else, a requester may write {@code notify.requests},
 * and only the apps read them. Everything not granted is denied (the broker denies by default).
 */
public final class ServiceAcls {

    private final Admin admin;

    public ServiceAcls(Admin admin) {
        this.admin = admin;
    }

    /** {@code service} may publish to {@code events.<service>}: write and describe, idempotently. */
    public void allowEventProducer(String service) throws ExecutionException, InterruptedException {
        String principal = "User:" + service;
        List<AclBinding> bindings = new ArrayList<>();
        bindings.add(topic(Topics.EVENTS_PREFIX + service, PatternType.LITERAL, principal, AclOperation.WRITE));
        bindings.add(topic(Topics.EVENTS_PREFIX + service, PatternType.LITERAL, principal, AclOperation.DESCRIBE));
        bindings.add(new AclBinding(new ResourcePattern(ResourceType.CLUSTER, "kafka-cluster", PatternType.LITERAL),
                allow(principal, AclOperation.IDEMPOTENT_WRITE)));
        admin.createAcls(bindings).all().get();
    }

    /** {@code service} may publish explicit requests to notify.requests. */
    public void allowRequester(String service) throws ExecutionException, InterruptedException {
        String principal = "User:" + service;
        admin.createAcls(List.of(
                topic(Topics.REQUESTS, PatternType.LITERAL, principal, AclOperation.WRITE),
                topic(Topics.REQUESTS, PatternType.LITERAL, principal, AclOperation.DESCRIBE),
                new AclBinding(new ResourcePattern(ResourceType.CLUSTER, "kafka-cluster", PatternType.LITERAL),
                        allow(principal, AclOperation.IDEMPOTENT_WRITE)))).all().get();
    }

    /** The enricher reads every event topic and the requests, in its own consumer groups. */
    public void allowEnricher(String principalName, String applicationId) throws ExecutionException, InterruptedException {
        String principal = "User:" + principalName;
        admin.createAcls(List.of(
                topic(Topics.EVENTS_PREFIX, PatternType.PREFIXED, principal, AclOperation.READ),
                topic(Topics.EVENTS_PREFIX, PatternType.PREFIXED, principal, AclOperation.DESCRIBE),
                topic(Topics.REQUESTS, PatternType.LITERAL, principal, AclOperation.READ),
                new AclBinding(new ResourcePattern(ResourceType.GROUP, applicationId, PatternType.PREFIXED),
                        allow(principal, AclOperation.READ)))).all().get();
    }

    private static AclBinding topic(String name, PatternType pattern, String principal, AclOperation operation) {
        return new AclBinding(new ResourcePattern(ResourceType.TOPIC, name, pattern), allow(principal, operation));
    }

    private static AccessControlEntry allow(String principal, AclOperation operation) {
        return new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW);
    }
}
