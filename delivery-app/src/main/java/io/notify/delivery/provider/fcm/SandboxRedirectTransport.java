package io.notify.delivery.provider.fcm;

import com.google.api.client.http.HttpTransport;
import com.google.api.client.http.javanet.NetHttpTransport;
import java.net.HttpURLConnection;
import java.net.URI;

/**
 * The SDK's supported hook for another endpoint: a google-http-client transport whose connection
 * factory sends each request to the configured base URL with the original path and query. The
 * SDK's own FCM URL is a constant, so this is the only way to reach a sandbox without a fork.
 */
final class SandboxRedirectTransport {

    private SandboxRedirectTransport() {}

    static HttpTransport to(String baseUrl) {
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        return new NetHttpTransport.Builder()
                .setConnectionFactory(url -> (HttpURLConnection) URI.create(base + url.getFile()).toURL().openConnection())
                .build();
    }
}
