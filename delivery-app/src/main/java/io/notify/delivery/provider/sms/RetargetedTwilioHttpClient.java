package io.notify.delivery.provider.sms;

import com.twilio.http.NetworkHttpClient;
import com.twilio.http.Request;
import com.twilio.http.Response;
import java.net.URI;
import java.util.Optional;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;

/**
 * Twilio's supported hook for transport: a {@link NetworkHttpClient} subclass. It re-targets each
 * request to the configured endpoint (the SDK always builds {@code https://*.twilio.com} URLs),
 * remembers the last response per thread so Retry-After can be read after an exception, and
 * turns off the SDK's own 5xx retries: a retried POST can send one SMS twice, and our retry
 * topics decide when to try again. (The Apache client under it must have its automatic retries
 * off too: by default it repeats a POST answered 429/503 after the Retry-After.)
 */
final class RetargetedTwilioHttpClient extends NetworkHttpClient {

    private final Optional<String> endpoint;
    private final ThreadLocal<Response> lastResponseOnThisThread = new ThreadLocal<>();

    RetargetedTwilioHttpClient(HttpClientBuilder httpClient, Optional<String> endpoint) {
        super(httpClient);
        this.endpoint = endpoint.map(base -> base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
    }

    @Override
    public Response makeRequest(Request request) {
        lastResponseOnThisThread.remove();
        Response response = super.makeRequest(endpoint.map(base -> retarget(request, base)).orElse(request));
        lastResponseOnThisThread.set(response);
        return response;
    }

    @Override
    protected boolean shouldRetry(Response response, int[] retryCodes) {
        return false;
    }

    /** The response of the last request made on the calling thread, if it got one. */
    Optional<Response> lastResponseOnThisThread() {
        return Optional.ofNullable(lastResponseOnThisThread.get());
    }

    private static Request retarget(Request original, String base) {
        URI uri = URI.create(original.getUrl());
        Request copy = new Request(original.getMethod(), base + uri.getRawPath());
        original.getQueryParams().forEach((name, values) -> values.forEach(value -> copy.addQueryParam(name, value)));
        original.getPostParams().forEach((name, values) -> values.forEach(value -> copy.addPostParam(name, value)));
        original.getHeaderParams().forEach((name, values) -> values.forEach(value -> copy.addHeaderParam(name, value)));
        if (original.getAuthStrategy() != null) {
            copy.setAuth(original.getAuthStrategy());
        } else if (original.getUsername() != null) {
            copy.setAuth(original.getUsername(), original.getPassword());
        }
        if (original.getContentType() != null) {
            copy.setContentType(original.getContentType());
        }
        if (original.getBody() != null) {
            copy.setBody(original.getBody());
        }
        copy.setUserAgentExtensions(original.getUserAgentExtensions());
        return copy;
    }
}
