package io.notify.delivery.provider.email;

import io.notify.delivery.provider.ProviderAdapter;
import io.notify.delivery.provider.SendOutcome;
import io.notify.delivery.provider.SendThreads;
import io.notify.schemas.Channel;
import io.notify.schemas.EmailNotification;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Email over plain SMTP (Jakarta Mail, Angus implementation): the fallback while SendGrid's
 * circuit is open. The Message-ID is derived from the notification id, so a resend is
 * recognisable downstream. SMTP reply codes drive the outcome: 5xx on RCPT is a dead address,
 * other 5xx are permanent, 4xx and connection trouble are retryable.
 */
public final class SmtpEmailAdapter implements ProviderAdapter<EmailNotification> {

    private static final Logger LOG = LoggerFactory.getLogger(SmtpEmailAdapter.class);
    private static final String MESSAGE_ID_DOMAIN = "notify.smtp";

    private final SmtpSettings settings;
    private final Session session;
    private final SendThreads sendThreads;

    public SmtpEmailAdapter(SmtpSettings settings) {
        this.settings = settings;
        this.session = Session.getInstance(properties(settings));
        this.sendThreads = new SendThreads("smtp", settings.threads());
    }

    @Override
    public String name() {
        return "smtp";
    }

    @Override
    public Channel channel() {
        return Channel.EMAIL;
    }

    @Override
    public CompletableFuture<SendOutcome> send(EmailNotification notification) {
        return sendThreads.submit(() -> sendNow(notification));
    }

    @Override
    public void close() {
        sendThreads.close();
    }

    private SendOutcome sendNow(EmailNotification notification) {
        try {
            MimeMessage message = message(notification);
            if (settings.username().isPresent()) {
                Transport.send(message, settings.username().get(), settings.password().orElse(""));
            } else {
                Transport.send(message);
            }
            return new SendOutcome.Sent(message.getMessageID());
        } catch (AddressException e) {
            return new SendOutcome.RecipientInvalid("smtp:invalid_address");
        } catch (SMTPAddressFailedException e) {
            return classifyRefusedRecipient(e);
        } catch (SMTPSendFailedException e) {
            return classifySendFailure(e);
        } catch (MessagingException e) {
            SMTPAddressFailedException refusedRecipient = findCause(e, SMTPAddressFailedException.class);
            if (refusedRecipient != null) {
                return classifyRefusedRecipient(refusedRecipient);
            }
            SMTPSendFailedException failed = findCause(e, SMTPSendFailedException.class);
            if (failed != null) {
                return classifySendFailure(failed);
            }
            LOG.debug("smtp send failed", e);
            return new SendOutcome.Retryable("smtp:connection", Optional.empty());
        }
    }

    private static SendOutcome classifyRefusedRecipient(SMTPAddressFailedException e) {
        return e.getReturnCode() >= 500
                ? new SendOutcome.RecipientInvalid("smtp:" + e.getReturnCode())
                : new SendOutcome.Retryable("smtp:" + e.getReturnCode(), Optional.empty());
    }

    private static SendOutcome classifySendFailure(SMTPSendFailedException e) {
        return e.getReturnCode() >= 500
                ? new SendOutcome.Permanent("smtp:" + e.getReturnCode())
                : new SendOutcome.Retryable("smtp:" + e.getReturnCode(), Optional.empty());
    }

    private static <T extends Exception> T findCause(Exception error, Class<T> type) {
        Exception current = error;
        while (current != null) {
            if (type.isInstance(current)) {
                return type.cast(current);
            }
            current = current instanceof MessagingException messaging ? messaging.getNextException() : null;
        }
        return null;
    }

    private MimeMessage message(EmailNotification notification) throws MessagingException {
        String messageId = "<" + notification.getMeta().getNotificationId() + "@" + MESSAGE_ID_DOMAIN + ">";
        MimeMessage message = new MimeMessage(session) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", messageId);
            }
        };
        message.setFrom(new InternetAddress(notification.getFromAddress(), true));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(notification.getToAddress(), true));
        message.setSubject(notification.getSubject(), StandardCharsets.UTF_8.name());
        message.setHeader("X-Notification-Id", notification.getMeta().getNotificationId());
        if (notification.getHtmlBody() == null) {
            message.setText(notification.getTextBody(), StandardCharsets.UTF_8.name());
        } else {
            MimeBodyPart text = new MimeBodyPart();
            text.setText(notification.getTextBody(), StandardCharsets.UTF_8.name());
            MimeBodyPart html = new MimeBodyPart();
            html.setContent(notification.getHtmlBody(), "text/html; charset=UTF-8");
            message.setContent(new MimeMultipart("alternative", text, html));
        }
        return message;
    }

    private static Properties properties(SmtpSettings settings) {
        Properties properties = new Properties();
        String timeout = Long.toString(settings.timeout().toMillis());
        properties.put("mail.smtp.host", settings.host());
        properties.put("mail.smtp.port", Integer.toString(settings.port()));
        properties.put("mail.smtp.auth", Boolean.toString(settings.username().isPresent()));
        properties.put("mail.smtp.starttls.enable", Boolean.toString(settings.startTls()));
        properties.put("mail.smtp.starttls.required", Boolean.toString(settings.startTls()));
        properties.put("mail.smtp.connectiontimeout", timeout);
        properties.put("mail.smtp.timeout", timeout);
        properties.put("mail.smtp.writetimeout", timeout);
        return properties;
    }
}
