package io.notify.enricher.rendering;

import io.notify.enricher.EnricherSettings;
import io.notify.enricher.TopologyNames;
import io.notify.enricher.deadletter.DeadLetterReason;
import io.notify.enricher.deadletter.Rejection;
import io.notify.enricher.intake.IncomingEvent;
import io.notify.enricher.intake.Outcome;
import io.notify.enricher.intake.VerbatimContent;
import io.notify.enricher.recipients.AddressBook;
import io.notify.enricher.recipients.Recipient;
import io.notify.enricher.recipients.Target;
import io.notify.enricher.recipients.UserProfile;
import io.notify.enricher.routing.ChannelPlan;
import io.notify.enricher.routing.SuppressionReason;
import io.notify.schemas.Channel;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Decides the content of every channel: verbatim content of a request, or the template of the
 * event type (or template id) in the user's locale, rendered over the event's fields and the
 * user's. Rejects the event when no channel has a template ({@code no_template}) or a template
 * names an undefined variable ({@code missing_variable}); both are replayable once the template
 * is fixed, which is why this step runs before dedupe.
 *
 * <p>Every channel the event concerns — it has content there, or the user has an address there —
 * gets a plan, so that it ends in a record or a SUPPRESSED status: content but no address is
 * {@code no_address}, an address but no template is {@code no_template}. An event that cancels
 * held notifications ({@code cancels}) and has no content of its own has no plans: the
 * schedule step gives it its outcome, the statuses of what it cancelled.
 */
public final class ContentResolution implements FixedKeyProcessor<String, Recipient, Outcome<RenderedEvent>> {

    private final EnricherSettings settings;
    private final AddressBook addressBook = new AddressBook();
    private final MustacheRenderer renderer = new MustacheRenderer();
    private FixedKeyProcessorContext<String, Outcome<RenderedEvent>> context;
    private TemplateLookup templates;

    public ContentResolution(EnricherSettings settings) {
        this.settings = settings;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, Outcome<RenderedEvent>> context) {
        this.context = context;
        KeyValueStore<String, TemplateRow> store = context.getStateStore(TopologyNames.TEMPLATES_STORE);
        this.templates = new TemplateLookup(store, settings.defaultLocale());
    }

    @Override
    public void process(FixedKeyRecord<String, Recipient> record) {
        context.forward(record.withValue(resolve(record.value())));
    }

    private Outcome<RenderedEvent> resolve(Recipient recipient) {
        IncomingEvent event = recipient.event();
        if (event.onlyCancels()) {
            return Outcome.accepted(new RenderedEvent(recipient, List.of()));
        }
        String locale = Optional.ofNullable(recipient.user().locale()).filter(l -> !l.isBlank()).orElse(settings.defaultLocale());
        Map<Channel, TemplateRow> sources = new EnumMap<>(Channel.class);
        if (!event.usesVerbatimContent()) {
            for (Channel channel : Channel.values()) {
                templates.find(event, channel, locale).ifPresent(row -> sources.put(channel, row));
            }
            if (sources.isEmpty() && event.terms().cancels() != null) {
                // An event that only cancels what it scheduled before (OrderCancelled): its outcome is what it cancelled.
                return Outcome.accepted(new RenderedEvent(recipient, List.of()));
            }
            if (sources.isEmpty()) {
                return Outcome.rejected(Rejection.of(DeadLetterReason.NO_TEMPLATE, event.origin()));
            }
        }
        Map<String, Object> scope = scope(recipient);
        List<ChannelPlan> plans = new ArrayList<>();
        try {
            for (Channel channel : Channel.values()) {
                List<Target> targets = addressBook.targets(recipient, channel);
                boolean hasContent = event.usesVerbatimContent() || sources.containsKey(channel);
                if (!hasContent && !targets.isEmpty()) {
                    plans.add(new ChannelPlan(event, channel, category(event, null), locale, null, targets, null)
                            .suppressed(SuppressionReason.NO_TEMPLATE));
                } else if (hasContent && targets.isEmpty()) {
                    plans.add(new ChannelPlan(event, channel, category(event, sources.get(channel)), locale, null,
                            List.of(Target.NONE), null).suppressed(SuppressionReason.NO_ADDRESS));
                } else if (hasContent) {
                    plans.add(event.usesVerbatimContent()
                            ? verbatimPlan(event, channel, locale, targets)
                            : templatedPlan(event, channel, sources.get(channel), scope, targets));
                }
            }
        } catch (MissingVariableException e) {
            return Outcome.rejected(Rejection.of(DeadLetterReason.MISSING_VARIABLE, e, event.origin()));
        }
        return Outcome.accepted(new RenderedEvent(recipient, plans));
    }

    private ChannelPlan verbatimPlan(IncomingEvent event, Channel channel, String locale, List<Target> targets) {
        VerbatimContent content = event.verbatim();
        String html = channel == Channel.EMAIL ? content.html() : null;
        return new ChannelPlan(event, channel, category(event, null), locale,
                new RenderedMessage(content.subject(), content.text(), html), targets, null);
    }

    private ChannelPlan templatedPlan(IncomingEvent event, Channel channel, TemplateRow row, Map<String, Object> scope,
                                      List<Target> targets) {
        String name = row.templateId() + "/" + row.channel() + "/" + row.locale();
        String html = channel == Channel.EMAIL ? renderer.html(row.htmlBody(), name + "/html", scope) : null;
        RenderedMessage message = new RenderedMessage(
                renderer.plainText(row.subject(), name + "/subject", scope),
                renderer.plainText(row.body(), name + "/body", scope),
                html);
        return new ChannelPlan(event, channel, category(event, row), row.locale(), message, targets, null);
    }

    /** The request's own category wins; then the template's; then the configured default. */
    private String category(IncomingEvent event, TemplateRow row) {
        if (event.category() != null && !event.category().isBlank()) {
            return event.category();
        }
        if (row != null && row.category() != null && !row.category().isBlank()) {
            return row.category();
        }
        return settings.defaultCategory();
    }

    /** Event fields at the top level, the user under {@code user}, and the event's identity. */
    private static Map<String, Object> scope(Recipient recipient) {
        UserProfile user = recipient.user();
        Map<String, Object> userScope = new LinkedHashMap<>();
        userScope.put("id", user.id());
        userScope.put("email", user.email());
        userScope.put("phoneNumber", user.phoneNumber());
        userScope.put("locale", user.locale());
        userScope.put("timezone", user.timezone());
        Map<String, Object> scope = new LinkedHashMap<>(recipient.event().fields());
        scope.put("user", userScope);
        scope.put("eventId", recipient.event().eventId());
        scope.put("eventType", recipient.event().eventType());
        return scope;
    }
}
