package io.notify.delivery.provider.sms;

import com.twilio.exception.ApiConnectionException;
import com.twilio.exception.ApiException;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.Message;
import com.twilio.rest.api.v2010.account.MessageCreator;
import com.twilio.type.PhoneNumber;
import io.notify.delivery.provider.ProviderAdapter;
import io.notify.delivery.provider.SendOutcome;
import io.notify.delivery.provider.SendThreads;
import io.notify.schemas.Channel;
import io.notify.schemas.SmsNotification;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SMS through the twilio SDK's Messages API. The notification and user ids travel in the
 * StatusCallback URL query, so Twilio's status callbacks name the notification they are about.
 * SDK-level 5xx retries are off (see {@link RetargetedTwilioHttpClient}).
 */
public final class TwilioSmsAdapter implements ProviderAdapter<SmsNotification> {

    private static final Logger LOG = LoggerFactory.getLogger(TwilioSmsAdapter.class);

    private final TwilioSettings settings;
    private final RetargetedTwilioHttpClient httpClient;
    private final TwilioRestClient client;
    private final SendThreads sendThreads;

    public TwilioSmsAdapter(TwilioSettings settings) {
        this.settings = settings;
        this.httpClient = new RetargetedTwilioHttpClient(httpClient(settings), settings.endpoint());
        this.client = new TwilioRestClient.Builder(settings.accountSid(), settings.authToken())
                .httpClient(httpClient)
                .build();
        this.sendThreads = new SendThreads("twilio", settings.threads(), TwilioSmsAdapter::unexpected);
    }

    @Override
    public String name() {
        return "twilio";
    }

    @Override
    public Channel channel() {
        return Channel.SMS;
    }

    @Override
    public CompletableFuture<SendOutcome> send(SmsNotification notification) {
        return sendThreads.submit(() -> sendNow(notification));
    }

    @Override
    public void close() {
        sendThreads.close();
    }

    private SendOutcome sendNow(SmsNotification notification) {
        try {
            MessageCreator creator = Message.creator(new PhoneNumber(notification.getPhoneNumber()),
                    new PhoneNumber(settings.from()), notification.getBody());
            statusCallback(notification).ifPresent(creator::setStatusCallback);
            return new SendOutcome.Sent(creator.create(client).getSid());
        } catch (ApiConnectionException e) {
            return TwilioErrors.classify(e);
        } catch (ApiException e) {
            return TwilioErrors.classify(e, httpClient.lastResponseOnThisThread());
        } catch (RuntimeException e) {
            LOG.warn("twilio send failed unexpectedly: {}", e.getClass().getSimpleName());
            return new SendOutcome.Retryable("twilio:" + e.getClass().getSimpleName(), Optional.empty());
        }
    }

    /**
     * Timeouts on the pooled connections (their socket timeout wins over the request's) and on the
     * response, a pool as wide as the send threads, and no automatic retries.
     */
    private static HttpClientBuilder httpClient(TwilioSettings settings) {
        Timeout timeout = Timeout.ofMilliseconds(settings.timeout().toMillis());
        return HttpClientBuilder.create()
                .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(timeout).build())
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(Timeout.ofMilliseconds(settings.connectTimeout().toMillis()))
                                .setSocketTimeout(timeout)
                                .build())
                        .setMaxConnTotal(settings.threads())
                        .setMaxConnPerRoute(settings.threads())
                        .build())
                .disableAutomaticRetries();
    }

    private static SendOutcome unexpected(Throwable error) {
        Throwable cause = error.getCause() == null ? error : error.getCause();
        LOG.error("twilio send failed unexpectedly", cause);
        return new SendOutcome.Retryable("twilio:unexpected", Optional.empty());
    }

    private Optional<URI> statusCallback(SmsNotification notification) {
        return settings.statusCallbackUrl().map(base -> URI.create(base
                + (base.contains("?") ? "&" : "?")
                + "notificationId=" + encode(notification.getMeta().getNotificationId())
                + "&userId=" + encode(notification.getMeta().getUserId())));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
