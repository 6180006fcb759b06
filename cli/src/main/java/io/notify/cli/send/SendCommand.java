package io.notify.cli.send;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.notify.contract.Topics;
import io.notify.events.billing.InvoiceDue;
import io.notify.events.shop.OrderShipped;
import io.notify.schemas.Content;
import io.notify.schemas.NotificationRequested;
import io.notify.schemas.Priority;
import java.io.File;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.avro.specific.SpecificRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "send", mixinStandardHelpOptions = true,
        description = "Publishes a domain event or a NotificationRequested, Avro-encoded through the registry, as a service would.",
        subcommands = {SendCommand.OrderShippedCommand.class, SendCommand.InvoiceDueCommand.class,
                SendCommand.RequestCommand.class, SendCommand.FileCommand.class})
public final class SendCommand {

    static String newEventId() {
        return UUID.randomUUID().toString();
    }

    @Command(name = "order-shipped", mixinStandardHelpOptions = true, description = "An OrderShipped event on events.shop.")
    static final class OrderShippedCommand implements Callable<Integer> {
        @Mixin
        Publication send;

        @Option(names = "--user", required = true, description = "Recipient user id.")
        String user;

        @Option(names = "--order", required = true)
        String order;

        @Option(names = "--carrier", defaultValue = "DHL")
        String carrier;

        @Option(names = "--tracking", defaultValue = "1Z999AA10123456784")
        String tracking;

        @Option(names = "--estimated-delivery", description = "ISO-8601 date.")
        String estimatedDelivery;

        @Option(names = "--event-id", description = "Default: a new UUID. Re-use one to see dedupe at work.")
        String eventId;

        @Override
        public Integer call() throws Exception {
            String id = eventId == null ? newEventId() : eventId;
            OrderShipped event = OrderShipped.newBuilder().setEventId(id).setOccurredAt(Instant.now()).setUserId(user)
                    .setOrderId(order).setCarrier(carrier).setTrackingNumber(tracking)
                    .setEstimatedDelivery(estimatedDelivery).build();
            return send.publish(Topics.EVENTS_SHOP, user, event, List.of(user), id);
        }
    }

    @Command(name = "invoice-due", mixinStandardHelpOptions = true, description = "An InvoiceDue event on events.billing.")
    static final class InvoiceDueCommand implements Callable<Integer> {
        @Mixin
        Publication send;

        @Option(names = "--user", required = true, description = "Recipient user id.")
        String user;

        @Option(names = "--invoice", required = true)
        String invoice;

        @Option(names = "--amount", required = true, description = "Decimal amount, e.g. 129.00.")
        String amount;

        @Option(names = "--currency", defaultValue = "EUR")
        String currency;

        @Option(names = "--due", required = true, description = "ISO-8601 date.")
        String due;

        @Option(names = "--event-id")
        String eventId;

        @Override
        public Integer call() throws Exception {
            String id = eventId == null ? newEventId() : eventId;
            InvoiceDue event = InvoiceDue.newBuilder().setEventId(id).setOccurredAt(Instant.now()).setUserId(user)
                    .setInvoiceId(invoice).setAmount(amount).setCurrency(currency).setDueDate(due).build();
            return send.publish(Topics.EVENTS_BILLING, user, event, List.of(user), id);
        }
    }

    @Command(name = "request", mixinStandardHelpOptions = true,
            description = "An explicit NotificationRequested on notify.requests, fanned out to every user in --to.")
    static final class RequestCommand implements Callable<Integer> {
        @Mixin
        Publication send;

        @Option(names = "--to", required = true, split = ",", description = "Recipient user ids, comma-separated.")
        List<String> to;

        @Option(names = "--from", defaultValue = "no-reply@notify.example", description = "Sender address for email.")
        String from;

        @Option(names = "--subject", required = true)
        String subject;

        @Option(names = "--text", description = "Plain-text content.")
        String text;

        @Option(names = "--html", description = "HTML content for email.")
        String html;

        @Option(names = "--category")
        String category;

        @Option(names = "--priority", description = "LOW, NORMAL or HIGH.")
        Priority priority;

        @Option(names = "--template", description = "Render this template id instead of verbatim content.")
        String template;

        @Option(names = "--data", description = "Template data, key=value.")
        Map<String, String> data = new LinkedHashMap<>();

        @Option(names = "--send-at", description = "Hold it until this instant (ISO-8601, e.g. 2026-12-24T08:00:00Z).")
        Instant sendAt;

        @Option(names = "--delay", description = "Hold it this long (ISO-8601, e.g. PT10M).")
        Duration delay;

        @Option(names = "--expires-at", description = "Not handed to a provider after this instant.")
        Instant expiresAt;

        @Option(names = "--ttl", description = "Not handed to a provider later than this after it is due (ISO-8601, e.g. PT15M).")
        Duration ttl;

        @Option(names = "--collapse-key", description = "Latest wins: replaces a held or undelivered one with the same key.")
        String collapseKey;

        @Option(names = "--cancellation-key", description = "A later request with --cancels KEY cancels it while it is held.")
        String cancellationKey;

        @Option(names = "--cancels", description = "Cancels the recipients' held notifications with this cancellation key.")
        String cancels;

        @Option(names = "--event-id")
        String eventId;

        @Override
        public Integer call() throws Exception {
            if (text == null && html == null && template == null && cancels == null) {
                throw new IllegalArgumentException("give the content (--text and/or --html), a --template, or --cancels");
            }
            String id = eventId == null ? newEventId() : eventId;
            List<Content> content = new ArrayList<>();
            if (text != null) {
                content.add(new Content("text/plain", text));
            }
            if (html != null) {
                content.add(new Content("text/html", html));
            }
            NotificationRequested request = NotificationRequested.newBuilder().setEventId(id).setTo(to).setFrom(from)
                    .setSubject(subject).setContent(content).setCategory(category).setPriority(priority)
                    .setTemplateId(template).setTemplateData(new LinkedHashMap<>(data))
                    .setSendAt(sendAt).setDelaySeconds(delay == null ? null : delay.toSeconds())
                    .setExpiresAt(expiresAt).setTtlSeconds(ttl == null ? null : ttl.toSeconds())
                    .setCollapseKey(collapseKey).setCancellationKey(cancellationKey).setCancels(cancels).build();
            return send.publish(Topics.REQUESTS, id, request, to, id);
        }
    }

    @Command(name = "file", mixinStandardHelpOptions = true,
            description = {"A record from a JSON file: {\"type\": \"<schema full name>\", \"topic\": \"<optional>\", \"value\": {...}}.",
                    "Domain events go to events.<last part of their namespace>, requests to notify.requests."})
    static final class FileCommand implements Callable<Integer> {
        @Mixin
        Publication send;

        @Parameters(paramLabel = "FILE")
        File file;

        @Override
        public Integer call() throws Exception {
            JsonNode document;
            try {
                document = new ObjectMapper().readTree(file);
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException("cannot read " + file + " as JSON: " + e.getMessage());
            }
            String type = document.path("type").asText();
            if (type.isBlank()) {
                throw new IllegalArgumentException(file + " needs a \"type\": the full name of a published schema");
            }
            SpecificRecord value = JsonRecords.read(type, document.path("value"));
            if (value instanceof NotificationRequested request) {
                return send.publish(document.path("topic").asText(Topics.REQUESTS), request.getEventId(), request,
                        request.getTo(), request.getEventId());
            }
            String user = field(value, "userId");
            String topic = document.hasNonNull("topic") ? document.path("topic").asText()
                    : Topics.EVENTS_PREFIX + value.getSchema().getNamespace().substring(value.getSchema().getNamespace().lastIndexOf('.') + 1);
            return send.publish(topic, user, value, List.of(user), field(value, "eventId"));
        }

        private static String field(SpecificRecord record, String name) {
            var field = record.getSchema().getField(name);
            if (field == null) {
                throw new IllegalArgumentException(record.getSchema().getFullName() + " has no " + name + " field");
            }
            return String.valueOf(record.get(field.pos()));
        }
    }
}
