package io.notify.sandbox.apns;

import com.eatthepath.pushy.apns.auth.ApnsVerificationKey;
import com.eatthepath.pushy.apns.server.MockApnsServer;
import com.eatthepath.pushy.apns.server.MockApnsServerBuilder;
import com.sun.net.httpserver.HttpServer;
import io.notify.sandbox.FaultPlan;
import io.notify.sandbox.SandboxControl;
import io.notify.sandbox.SandboxLedger;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * APNs over HTTP/2 and TLS: Pushy's own {@link MockApnsServer} with a test-time CA, token
 * authentication against a freshly generated EC P-256 key (written as a .p8 file for the
 * client), scripted faults and a ledger. A small plain-HTTP control port serves
 * {@code GET /accepted} and {@code /faults} like the other sandboxes.
 */
public final class ApnsSandbox implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ApnsSandbox.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

    private final String teamId;
    private final String keyId;
    private final String topic;
    private final TestCertificateAuthority authority = new TestCertificateAuthority();
    private final SandboxLedger ledger = new SandboxLedger();
    private final FaultPlan faults = new FaultPlan();
    private final Path directory;
    private final Path signingKeyFile;
    private final Path caCertificateFile;
    private final ApnsVerificationKey verificationKey;
    private MockApnsServer server;
    private HttpServer control;
    private ExecutorService controlExecutor;
    private int port;

    public ApnsSandbox(String teamId, String keyId, String topic) {
        this.teamId = teamId;
        this.keyId = keyId;
        this.topic = topic;
        try {
            directory = Files.createTempDirectory("apns-sandbox");
            KeyPair signing = TestCertificateAuthority.newEcKeyPair();
            verificationKey = new ApnsVerificationKey(keyId, teamId, (ECPublicKey) signing.getPublic());
            signingKeyFile = Files.writeString(directory.resolve("AuthKey_" + keyId + ".p8"), pkcs8Pem(signing));
            caCertificateFile = authority.writeCaCertificate(directory.resolve("sandbox-ca.pem"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the APNs sandbox credentials", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot create the APNs signing key", e);
        }
    }

    public ApnsSandbox() {
        this("TEAM123456", "KEY1234567", "io.notify.sandbox.app");
    }

    public synchronized ApnsSandbox start() {
        try {
            server = new MockApnsServerBuilder()
                    .setServerCredentials(authority.serverChain(), authority.serverKey(), null)
                    .setHandlerFactory(session -> new SandboxPushHandler(verificationKey, topic, faults, ledger))
                    .build();
            port = (Integer) server.start(0).get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            control = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
            new SandboxControl(ledger, faults).registerOn(control);
            controlExecutor = Executors.newSingleThreadExecutor(runnable -> {
                Thread thread = new Thread(runnable, "apns-sandbox-control");
                thread.setDaemon(true);
                return thread;
            });
            control.setExecutor(controlExecutor);
            control.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the APNs sandbox", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the APNs sandbox did not start", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the APNs sandbox", e);
        }
        LOG.info("apns sandbox listening on 127.0.0.1:{}, control on {}", port, controlUrl());
        return this;
    }

    /** Connect to 127.0.0.1 only: the mock server binds every interface. */
    public String host() {
        return "127.0.0.1";
    }

    public int port() {
        return port;
    }

    public String controlUrl() {
        return "http://127.0.0.1:" + control.getAddress().getPort();
    }

    public String teamId() {
        return teamId;
    }

    public String keyId() {
        return keyId;
    }

    public String topic() {
        return topic;
    }

    /** The client's .p8 signing key (PKCS#8 PEM), as Apple hands it out. */
    public Path signingKeyFile() {
        return signingKeyFile;
    }

    /** The CA that signed the server certificate, for the client's trust. */
    public Path caCertificateFile() {
        return caCertificateFile;
    }

    public FaultPlan faults() {
        return faults;
    }

    public SandboxLedger ledger() {
        return ledger;
    }

    @Override
    public synchronized void close() {
        if (control != null) {
            control.stop(0);
            controlExecutor.shutdownNow();
            control = null;
        }
        if (server != null) {
            try {
                server.shutdown().get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                LOG.warn("apns sandbox did not shut down cleanly", e);
            }
            server = null;
        }
    }

    private static String pkcs8Pem(KeyPair keys) {
        String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(keys.getPrivate().getEncoded());
        return "-----BEGIN PRIVATE KEY-----\n" + base64 + "\n-----END PRIVATE KEY-----\n";
    }
}
