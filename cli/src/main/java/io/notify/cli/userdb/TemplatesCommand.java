package io.notify.cli.userdb;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "templates", mixinStandardHelpOptions = true, description = "Mustache templates per event type, channel and locale.",
        subcommands = TemplatesCommand.Put.class)
public final class TemplatesCommand {

    @Command(name = "put", mixinStandardHelpOptions = true,
            description = "Adds or replaces a template; the next event renders with it, no restart needed.")
    static final class Put extends UserDatabaseWrites implements Callable<Integer> {
        @Option(names = "--template-id", required = true, description = "e.g. order_shipped.")
        String templateId;

        @Option(names = "--event-type", description = "Full name of the event schema it renders, e.g. io.notify.events.shop.OrderShipped.")
        String eventType;

        @Option(names = "--channel", required = true, description = "ios, android, sms or email.")
        SettingsCommand.Channel channel;

        @Option(names = "--locale", defaultValue = "en")
        String locale;

        @Option(names = "--category", defaultValue = "general", description = "The setting category that governs it.")
        String category;

        @Option(names = "--subject", description = "Email subject or push title.")
        String subject;

        @Option(names = "--body", required = true)
        String body;

        @Option(names = "--html-body", description = "Email only.")
        String htmlBody;

        @Override
        public Integer call() throws Exception {
            return write("template", "INSERT INTO templates (template_id, event_type, channel, locale, category, subject, body, html_body) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (template_id, channel, locale) DO UPDATE SET "
                    + "event_type = EXCLUDED.event_type, category = EXCLUDED.category, subject = EXCLUDED.subject, "
                    + "body = EXCLUDED.body, html_body = EXCLUDED.html_body RETURNING id",
                    templateId, eventType, channel.name(), locale, category, subject, body, htmlBody);
        }
    }
}
