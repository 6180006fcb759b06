package io.notify.sandbox.smtp;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.notify.sandbox.AcceptedRequest;
import io.notify.sandbox.Fault;
import io.notify.sandbox.FaultPlan;
import io.notify.sandbox.SandboxLedger;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small SMTP server (RFC 5321 subset: EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT, no TLS or
 * AUTH) for the fallback email path. Faults are played per recipient at RCPT time:
 * INVALID_RECIPIENT/UNREGISTERED answer 550, throttling and server errors 451, BAD_REQUEST makes
 * the end of DATA answer 554. Accepted messages land in the ledger with their Message-ID.
 */
public final class SmtpSandbox implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SmtpSandbox.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ADDRESS = Pattern.compile("<([^>]*)>");
    private static final Pattern MESSAGE_ID = Pattern.compile("(?im)^Message-ID:\\s*(\\S+)");
    private static final Pattern NOTIFICATION_ID = Pattern.compile("(?im)^X-Notification-Id:\\s*(\\S+)");

    private final SandboxLedger ledger = new SandboxLedger();
    private final FaultPlan faults = new FaultPlan();
    private ServerSocket socket;
    private ExecutorService executor;

    public synchronized SmtpSandbox start() {
        try {
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind the SMTP sandbox", e);
        }
        executor = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "smtp-sandbox");
            thread.setDaemon(true);
            return thread;
        });
        executor.execute(this::acceptConnections);
        LOG.info("smtp sandbox listening on 127.0.0.1:{}", port());
        return this;
    }

    public String host() {
        return "127.0.0.1";
    }

    public int port() {
        return socket.getLocalPort();
    }

    public FaultPlan faults() {
        return faults;
    }

    public SandboxLedger ledger() {
        return ledger;
    }

    @Override
    public synchronized void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                LOG.debug("smtp sandbox socket did not close cleanly", e);
            }
            executor.shutdownNow();
            socket = null;
        }
    }

    private void acceptConnections() {
        while (!socket.isClosed()) {
            try {
                Socket connection = socket.accept();
                executor.execute(() -> converse(connection));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void converse(Socket connection) {
        try (connection) {
            BufferedReader in = new BufferedReader(new InputStreamReader(connection.getInputStream(), StandardCharsets.UTF_8));
            OutputStream out = connection.getOutputStream();
            Transaction transaction = new Transaction();
            reply(out, "220 sandbox ESMTP ready");
            String line;
            while ((line = in.readLine()) != null) {
                String verb = line.length() < 4 ? line.toUpperCase(Locale.ROOT) : line.substring(0, 4).toUpperCase(Locale.ROOT);
                switch (verb) {
                    case "EHLO" -> reply(out, "250-sandbox\r\n250 8BITMIME");
                    case "HELO", "NOOP" -> reply(out, "250 OK");
                    case "RSET" -> {
                        transaction = new Transaction();
                        reply(out, "250 OK");
                    }
                    case "MAIL" -> {
                        transaction = new Transaction();
                        reply(out, "250 OK");
                    }
                    case "RCPT" -> reply(out, transaction.addRecipient(address(line)));
                    case "DATA" -> {
                        if (transaction.recipient == null) {
                            reply(out, "503 5.5.1 No valid recipients");
                        } else {
                            reply(out, "354 End data with <CR><LF>.<CR><LF>");
                            reply(out, transaction.finish(readData(in)));
                            transaction = new Transaction();
                        }
                    }
                    case "QUIT" -> {
                        reply(out, "221 Bye");
                        return;
                    }
                    default -> reply(out, "502 5.5.2 Command not recognized");
                }
            }
        } catch (IOException e) {
            LOG.debug("smtp sandbox connection ended", e);
        }
    }

    /** One MAIL..DATA exchange; the sandbox accepts a single recipient per message, as the adapter sends. */
    private final class Transaction {
        private String recipient;
        private boolean rejectData;

        String addRecipient(String address) {
            ledger.recordAttempt(address);
            Optional<Fault> fault = faults.next(address);
            if (fault.isPresent()) {
                switch (fault.get().kind()) {
                    case INVALID_RECIPIENT, UNREGISTERED -> {
                        return "550 5.1.1 Recipient address rejected: User unknown";
                    }
                    case TOO_MANY_REQUESTS, INTERNAL_ERROR, UNAVAILABLE -> {
                        return "451 4.3.0 Try again later";
                    }
                    case BAD_REQUEST -> rejectData = true;
                    case LATENCY, TIMEOUT -> pause(fault.get());
                }
            }
            recipient = address;
            return "250 OK";
        }

        String finish(String data) {
            if (rejectData) {
                return "554 5.6.0 Message rejected";
            }
            Matcher id = MESSAGE_ID.matcher(data);
            String messageId = id.find() ? id.group(1) : "<" + UUID.randomUUID() + "@sandbox>";
            ObjectNode request = JSON.createObjectNode().put("data", data);
            Matcher notification = NOTIFICATION_ID.matcher(data);
            ledger.recordAccepted(new AcceptedRequest(messageId, recipient, notification.find() ? notification.group(1) : "",
                    request, Instant.now()));
            return "250 OK queued as " + messageId;
        }
    }

    private static String readData(BufferedReader in) throws IOException {
        StringBuilder data = new StringBuilder();
        String line;
        while ((line = in.readLine()) != null && !line.equals(".")) {
            data.append(line.startsWith("..") ? line.substring(1) : line).append("\r\n");
        }
        return data.toString();
    }

    private static String address(String command) {
        Matcher matcher = ADDRESS.matcher(command);
        return matcher.find() ? matcher.group(1) : "";
    }

    private static void reply(OutputStream out, String text) throws IOException {
        out.write((text + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static void pause(Fault fault) {
        try {
            Thread.sleep(fault.duration().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
