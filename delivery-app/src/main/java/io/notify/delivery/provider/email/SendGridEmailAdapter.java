package io.notify.delivery.provider.email;

import com.sendgrid.Client;
import com.sendgrid.Method;
import com.sendgrid.Request;
import com.sendgrid.SendGrid;
import com.sendgrid.helpers.mail.Mail;
import com.sendgrid.helpers.mail.objects.Content;
import com.sendgrid.helpers.mail.objects.Email;
import com.sendgrid.helpers.mail.objects.Personalization;
import io.notify.delivery.provider.ProviderAdapter;
import io.notify.delivery.provider.SendOutcome;
import io.notify.delivery.provider.SendThreads;
import io.notify.schemas.Channel;
import io.notify.schemas.EmailNotification;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Email through sendgrid-java's v3 Mail Send. {@code api()} is used, never {@code attempt()}: it
 * does not retry, so our retry policy (and Retry-After) stays in charge. The notification and user
 * ids travel as custom args and come back on every Event Webhook event.
 */
public final class SendGridEmailAdapter implements ProviderAdapter<EmailNotification> {

    static final String NOTIFICATION_ID_ARG = "notification_id";
    static final String USER_ID_ARG = "user_id";
    private static final Logger LOG = LoggerFactory.getLogger(SendGridEmailAdapter.class);

    private final CloseableHttpClient httpClient;
    private final SendGrid sendGrid;
    private final SendThreads sendThreads;

    public SendGridEmailAdapter(SendGridSettings settings) {
        this.httpClient = HttpClients.custom()
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectTimeout((int) settings.connectTimeout().toMillis())
                        .setSocketTimeout((int) settings.timeout().toMillis())
                        .build())
                .setMaxConnTotal(settings.threads())
                .setMaxConnPerRoute(settings.threads())
                .build();
        Optional<URI> endpoint = settings.endpoint().map(URI::create);
        boolean plainHttp = endpoint.map(uri -> "http".equals(uri.getScheme())).orElse(false);
        this.sendGrid = new SendGrid(settings.apiKey(), new Client(httpClient, plainHttp));
        endpoint.ifPresent(uri -> sendGrid.setHost(uri.getAuthority()));
        this.sendThreads = new SendThreads("sendgrid", settings.threads());
    }

    @Override
    public String name() {
        return "sendgrid";
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
        try {
            httpClient.close();
        } catch (IOException e) {
            LOG.debug("sendgrid http client did not close cleanly", e);
        }
    }

    private SendOutcome sendNow(EmailNotification notification) {
        try {
            Request request = new Request();
            request.setMethod(Method.POST);
            request.setEndpoint("mail/send");
            request.setBody(mail(notification).build());
            return SendGridAnswers.classify(sendGrid.api(request));
        } catch (InterruptedIOException e) {
            return new SendOutcome.Retryable("sendgrid:timeout", Optional.empty());
        } catch (IOException e) {
            return new SendOutcome.Retryable("sendgrid:connection", Optional.empty());
        } catch (RuntimeException e) {
            LOG.warn("sendgrid send failed unexpectedly: {}", e.getClass().getSimpleName());
            return new SendOutcome.Retryable("sendgrid:" + e.getClass().getSimpleName(), Optional.empty());
        }
    }

    private static Mail mail(EmailNotification notification) {
        Mail mail = new Mail();
        mail.setFrom(new Email(notification.getFromAddress()));
        mail.setSubject(notification.getSubject());
        Personalization personalization = new Personalization();
        personalization.addTo(new Email(notification.getToAddress()));
        personalization.addCustomArg(NOTIFICATION_ID_ARG, notification.getMeta().getNotificationId());
        personalization.addCustomArg(USER_ID_ARG, notification.getMeta().getUserId());
        mail.addPersonalization(personalization);
        mail.addContent(new Content("text/plain", notification.getTextBody()));
        if (notification.getHtmlBody() != null) {
            mail.addContent(new Content("text/html", notification.getHtmlBody()));
        }
        return mail;
    }
}
