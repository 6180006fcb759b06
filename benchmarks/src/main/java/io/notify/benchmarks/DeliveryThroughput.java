package io.notify.benchmarks;

import com.eatthepath.pushy.apns.ApnsClient;
import com.eatthepath.pushy.apns.ApnsClientBuilder;
import com.eatthepath.pushy.apns.DeliveryPriority;
import com.eatthepath.pushy.apns.PushType;
import com.eatthepath.pushy.apns.auth.ApnsSigningKey;
import com.eatthepath.pushy.apns.util.SimpleApnsPushNotification;
import com.sendgrid.Client;
import com.sendgrid.Method;
import com.sendgrid.Request;
import com.sendgrid.Response;
import com.sendgrid.SendGrid;
import com.sendgrid.helpers.mail.Mail;
import com.sendgrid.helpers.mail.objects.Content;
import com.sendgrid.helpers.mail.objects.Email;
import com.sendgrid.helpers.mail.objects.Personalization;
import io.notify.contract.Topics;
import io.notify.delivery.DeliveryApp;
import io.notify.delivery.DeliverySettings;
import io.notify.delivery.pipeline.ChannelProvider;
import io.notify.delivery.provider.ConfiguredProviders;
import io.notify.delivery.provider.apns.ApnsSettings;
import io.notify.delivery.provider.email.SendGridSettings;
import io.notify.runtime.config.ConfigSource;
import io.notify.runtime.serde.AvroSerdes;
import io.notify.runtime.serde.ContractClasses;
import io.notify.sandbox.AcceptedRequest;
import io.notify.sandbox.Fault;
import io.notify.sandbox.FaultPlan;
import io.notify.sandbox.SandboxEndpoints;
import io.notify.sandbox.SandboxLedger;
import io.notify.sandbox.Sandboxes;
import io.notify.schemas.Channel;
import io.notify.schemas.EmailNotification;
import io.notify.schemas.IosPushNotification;
import io.notify.schemas.NotificationMeta;
import io.notify.schemas.Priority;
import io.notify.stack.LocalStack;
import io.notify.stack.StackEndpoints;
import io.notify.stack.StackOptions;
import io.notify.stack.TemporaryDirectory;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Delivery throughput against the provider sandboxes with 20 ms added to every provider answer,
 * next to the raw SDK client sending to the same sandbox with the same concurrency (the limit
 * the delivery app can approach). Two channels: iOS through Pushy to the APNs sandbox, and email
 * through sendgrid-java to the SendGrid sandbox.
 *
 * <p>Where the 20 ms come from. The SendGrid sandbox sleeps on a request thread of its own
 * ({@link Fault#latency}), so concurrent requests overlap. The APNs sandbox is Pushy's mock
 * server, whose handler runs on its single event-loop thread: {@link Fault#latency} there
 * serialises every push of every connection, capping anything at 1/20 ms = 50 pushes/s. That
 * ceiling is measured and shown once on a few hundred pushes; the APNs figures proper put a
 * {@link DelayLine} between client and sandbox instead, which holds each answer 20 ms without
 * serialising the HTTP/2 streams, the way a distant provider does. Even then the APNs sandbox
 * stays the limit: it verifies the ES256 provider token of every push on that same thread
 * (P-256 verification is nearly all of its CPU), which caps any client at a few hundred pushes/s
 * on this 2-core machine; the raw Pushy figure is that ceiling, not Pushy's.
 *
 * <p>Each delivery run starts the real app in-process ({@link DeliveryApp#start}, providers from
 * {@link ConfiguredProviders} as in production) on records produced beforehand, with a fresh
 * consumer group and ledger topic. Rates are taken at the sandbox, from the first accepted
 * request to the last one (the app's start-up, consumer-group join included, is reported apart).
 * Defaults are measured first, then a run with the settings named in the table.
 *
 * <p>Usage: {@code DeliveryThroughput [--short] [--pushes N] [--json-only]} (default 50 000;
 * short: 1 000, without the Fault.latency ceiling, the JIT warm-ups and the tuned runs, so
 * it is a smoke test of the whole path rather than a figure to compare).
 */
public final class DeliveryThroughput {

    private static final Duration LATENCY = Duration.ofMillis(20);
    private static final int SERIALISED_SAMPLE = 250;
    private static final int USERS = 10_000;
    private static final Duration STALL = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(20);
    /** The resilience rate limiter guards a provider's quota; the tuned runs lift it to see what is left. */
    private static final Map<String, String> APNS_TUNED = Map.of("apns.rate.limit.per.second", "1000000");
    private static final Map<String, String> SENDGRID_TUNED = Map.of(
            "sendgrid.rate.limit.per.second", "1000000",
            "sendgrid.threads", "128");

    private final int pushes;
    private final boolean full;
    private final boolean jsonOnly;
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final List<Row> rows = new ArrayList<>();
    private StackEndpoints stack;
    private Path directory;
    private CpuClock cpu;
    private Sandboxes sandboxes;
    private int runs;
    private int defaultSendGridThreads;

    private DeliveryThroughput(int pushes, boolean full, boolean jsonOnly) {
        this.pushes = pushes;
        this.full = full;
        this.jsonOnly = jsonOnly;
    }

    public static void main(String[] args) {
        List<String> arguments = List.of(args);
        boolean shortRun = arguments.contains("--short");
        int pushes = intArgument(arguments, "--pushes", shortRun ? 1_000 : 50_000);
        int status = 0;
        try {
            new DeliveryThroughput(pushes, !shortRun, arguments.contains("--json-only")).run();
        } catch (Exception e) {
            e.printStackTrace();
            status = 1;
        }
        // Pushy's and the SDKs' non-daemon threads must not keep the benchmark alive.
        System.exit(status);
    }

    /** One measured figure: what sent, with which settings, how many, how fast. */
    private record Row(String channel, String sender, String settings, Measured measured, double startupSeconds) {
        Row labelled(String description) {
            return new Row(channel, sender, description, measured, startupSeconds);
        }
    }

    /**
     * What the sandbox accepted during one measurement, and the CPU it took per accepted request:
     * this JVM's (sandboxes, client or app) and the stack's processes' (broker, registry). On a
     * shared 2-core machine the CPU cost says more than the rate alone.
     */
    private record Measured(int accepted, double perSecond, double jvmCpuMillisPerThousand, double stackCpuMillisPerThousand) {}

    /** Runs every measurement on a stack of its own; prints the table and returns the JSON line. */
    static String measure(int pushes, boolean full) throws Exception {
        return new DeliveryThroughput(pushes, full, false).run();
    }

    private String run() throws Exception {
        Teardown teardown = new Teardown();
        Runtime.getRuntime().addShutdownHook(new Thread(teardown::run, "delivery-throughput-teardown"));
        // Closed last, once the stack's processes are gone.
        directory = teardown.add(TemporaryDirectory.create("delivery-throughput")).path();
        try {
            long started = System.nanoTime();
            LocalStack localStack = teardown.add(LocalStack.start(StackOptions.ephemeral(directory)));
            stack = localStack.endpoints();
            cpu = new CpuClock(localStack.pids());
            sandboxes = teardown.add(Sandboxes.start());
            SandboxEndpoints endpoints = sandboxes.endpoints();
            DelayLine delayLine = teardown.add(new DelayLine(endpoints.apnsHost(), endpoints.apnsPort(), LATENCY));
            say("stack and sandboxes up in %.1f s", seconds(started));
            ContractClasses.trust();
            produce(Channel.IOS, IosPushNotification.class, this::iosNotification);
            produce(Channel.EMAIL, EmailNotification.class, this::emailNotification);

            measureApns(endpoints, delayLine);
            measureSendGrid(endpoints);
            return print();
        } finally {
            teardown.run();
        }
    }

    private void measureApns(SandboxEndpoints endpoints, DelayLine delayLine) throws Exception {
        FaultPlan faults = sandboxes.apns().faults();
        Map<String, String> apns = providerConfig(endpoints, "apns.");
        // The app's own defaults, so the raw client runs with exactly the concurrency the app would.
        int connections = ApnsSettings.from(ConfigSource.of(apns)).concurrentConnections();
        int inFlight = DeliverySettings.from(stack.config()).inFlightMax();

        if (full) {
            // The sandbox's own latency fault, to show the ceiling it imposes: at 50/s, a few seconds' worth.
            faults.atRate(1.0, Fault.latency(LATENCY));
            Measured serialisedRaw = rawApns(endpoints, endpoints.apnsPort(), connections, inFlight, SERIALISED_SAMPLE);
            rows.add(new Row("ios", "raw Pushy", "sandbox Fault.latency (on its event loop)", serialisedRaw, 0));
            rows.add(deliver(Channel.IOS, apns, Map.of(), SERIALISED_SAMPLE, faults, true).labelled("defaults, sandbox Fault.latency"));
            faults.clear();
        }
        Map<String, String> delayed = new HashMap<>(apns);
        delayed.put("apns.endpoint", endpoints.apnsHost() + ":" + delayLine.port());
        // JIT warm-up for the client's and the app's code paths, not counted: the app runs in this JVM, so
        // without its own warm-up the first measured app run would pay for compiling what later runs reuse.
        if (full) {
            rawApns(endpoints, delayLine.port(), connections, inFlight, Math.min(pushes, 3_000));
            deliver(Channel.IOS, delayed, Map.of(), Math.min(pushes, 3_000), faults, false);
        }
        Measured raw = rawApns(endpoints, delayLine.port(), connections, inFlight, pushes);
        rows.add(new Row("ios", "raw Pushy", connections + " connection(s), " + inFlight + " in flight, 20 ms delay line", raw, 0));
        rows.add(deliver(Channel.IOS, delayed, Map.of(), pushes, faults, false).labelled("defaults, 20 ms delay line"));
        if (full) {
            rows.add(deliver(Channel.IOS, delayed, APNS_TUNED, pushes, faults, false).labelled(describe(APNS_TUNED) + ", 20 ms delay line"));
        }
    }

    private void measureSendGrid(SandboxEndpoints endpoints) throws Exception {
        FaultPlan faults = sandboxes.sendGrid().faults();
        Map<String, String> sendGrid = providerConfig(endpoints, "sendgrid.");
        int threads = SendGridSettings.from(ConfigSource.of(sendGrid)).threads();
        defaultSendGridThreads = threads;
        faults.atRate(1.0, Fault.latency(LATENCY));
        try {
            if (full) {
                rawSendGrid(endpoints, threads, Math.min(pushes, 1_000));
                deliver(Channel.EMAIL, sendGrid, SENDGRID_TUNED, Math.min(pushes, 3_000), faults, true);
            }
            Measured raw = rawSendGrid(endpoints, threads, pushes);
            rows.add(new Row("email", "raw sendgrid-java", threads + " threads, sandbox Fault.latency", raw, 0));
            rows.add(deliver(Channel.EMAIL, sendGrid, Map.of(), pushes, faults, true).labelled("defaults, sandbox Fault.latency"));
            if (full) {
                int tunedThreads = Integer.parseInt(SENDGRID_TUNED.get("sendgrid.threads"));
                Measured tunedRaw = rawSendGrid(endpoints, tunedThreads, pushes);
                rows.add(new Row("email", "raw sendgrid-java", tunedThreads + " threads, sandbox Fault.latency", tunedRaw, 0));
                rows.add(deliver(Channel.EMAIL, sendGrid, SENDGRID_TUNED, pushes, faults, true)
                        .labelled(describe(SENDGRID_TUNED) + ", sandbox Fault.latency"));
            }
        } finally {
            faults.clear();
        }
    }

    /** The sandbox settings of one provider, under the delivery app's keys. */
    private static Map<String, String> providerConfig(SandboxEndpoints endpoints, String prefix) {
        return endpoints.asConfig().entrySet().stream()
                .filter(entry -> entry.getKey().startsWith(prefix))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    private <N extends SpecificRecord> void produce(Channel channel, Class<N> type, IntFunction<N> notification) throws Exception {
        long started = System.nanoTime();
        String topic = Topics.channel(channel);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", stack.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, Topics.USER_KEYED_PARTITIONS, (short) 1))).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
        Serializer<N> serializer = new AvroSerdes(stack.registryUrl()).specific(type).serializer();
        Map<String, Object> properties = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                ProducerConfig.LINGER_MS_CONFIG, 10,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        try (KafkaProducer<String, N> producer = new KafkaProducer<>(properties, new StringSerializer(), serializer)) {
            for (int i = 0; i < pushes; i++) {
                producer.send(new ProducerRecord<>(topic, user(i), notification.apply(i)));
            }
            producer.flush();
        }
        say("produced %d records to %s in %.1f s", pushes, topic, seconds(started));
    }

    /**
     * Starts the app on one channel, waits until the sandbox accepted {@code count} requests (or
     * nothing arrived for a while), and stops it. The latency fault, if any, is lifted while the
     * app drains what it still has in flight, and played again afterwards.
     */
    private Row deliver(Channel channel, Map<String, String> provider, Map<String, String> overrides, int count,
                        FaultPlan faults, boolean latency) {
        SandboxLedger ledger = channel == Channel.IOS ? sandboxes.apns().ledger() : sandboxes.sendGrid().ledger();
        ledger.clear();
        String name = channel.name().toLowerCase(Locale.ROOT);
        Map<String, String> settings = new HashMap<>(stack.asMap());
        settings.putAll(provider);
        settings.put("delivery.channels", name);
        // A fresh group reads the channel from the start; a fresh ledger knows nothing as sent.
        settings.put("delivery.group.prefix", "bench-" + run + "-" + ++runs);
        settings.put("delivery.ledger.topic", "bench.delivery.ledger." + run + "." + runs);
        settings.put("delivery.state.dir", directory.resolve("delivery-state-" + runs).toString());
        settings.put("delivery.metrics.port", "-1");
        settings.put("delivery.feedback.enabled", "false");
        settings.putAll(overrides);
        ConfigSource config = ConfigSource.of(settings);
        long started = System.nanoTime();
        CpuClock.Reading before = cpu.read();
        try (DeliveryApp app = DeliveryApp.start(config, ChannelProvider.allOf(ConfiguredProviders.fromConfig(config)))) {
            awaitAccepted(ledger, count);
            List<AcceptedRequest> accepted = ledger.accepted();
            double startup = accepted.isEmpty() ? 0 : seconds(started)
                    - Duration.between(accepted.get(0).acceptedAt(), Instant.now()).toNanos() / 1e9;
            Measured measured = rate(accepted, count, before);
            say("delivery %s %s: %d accepted at %.0f/s (start-up %.1f s)", name, describe(overrides), measured.accepted(),
                    measured.perSecond(), startup);
            faults.clear();
            return new Row(name, "delivery", describe(overrides), measured, startup);
        } finally {
            if (latency) {
                faults.atRate(1.0, Fault.latency(LATENCY));
            }
        }
    }

    /** The raw Pushy client, built like the delivery app's ApnsAdapter, with at most {@code inFlight} pushes outstanding. */
    private Measured rawApns(SandboxEndpoints endpoints, int port, int connections, int inFlight, int count) throws Exception {
        SandboxLedger ledger = sandboxes.apns().ledger();
        ledger.clear();
        ApnsClient client = new ApnsClientBuilder()
                .setApnsServer(endpoints.apnsHost(), port)
                .setSigningKey(ApnsSigningKey.loadFromPkcs8File(endpoints.apnsSigningKeyFile().toFile(),
                        endpoints.apnsTeamId(), endpoints.apnsKeyId()))
                .setConcurrentConnections(connections)
                .setTrustedServerCertificateChain(endpoints.apnsCaCertificateFile().toFile())
                .build();
        Semaphore window = new Semaphore(inFlight);
        AtomicInteger refused = new AtomicInteger();
        CpuClock.Reading before = cpu.read();
        try {
            Instant expiry = Instant.now().plus(Duration.ofDays(1));
            for (int i = 0; i < count; i++) {
                window.acquire();
                String id = "raw-" + run + "-" + i;
                SimpleApnsPushNotification push = new SimpleApnsPushNotification(deviceToken(i), endpoints.apnsTopic(),
                        "{\"aps\":{\"alert\":{\"title\":\"Shipped\",\"body\":\"Your order is on its way.\"}},\"notification_id\":\"" + id + "\"}",
                        expiry, DeliveryPriority.IMMEDIATE, PushType.ALERT, null, UUID.nameUUIDFromBytes(id.getBytes()));
                client.sendNotification(push).whenComplete((response, error) -> {
                    if (error != null || !response.isAccepted()) {
                        refused.incrementAndGet();
                    }
                    window.release();
                });
            }
            window.acquire(inFlight);
        } finally {
            client.close().get(10, TimeUnit.SECONDS);
        }
        Measured measured = rate(ledger.accepted(), count, before);
        say("raw Pushy to port %d: %d accepted at %.0f/s, %d refused or failed", port, measured.accepted(), measured.perSecond(), refused.get());
        return measured;
    }

    /** sendgrid-java on {@code threads} threads over a connection pool as large, as the delivery app's adapter builds it. */
    private Measured rawSendGrid(SandboxEndpoints endpoints, int threads, int count) throws Exception {
        SandboxLedger ledger = sandboxes.sendGrid().ledger();
        ledger.clear();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        CpuClock.Reading before = cpu.read();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (CloseableHttpClient http = HttpClients.custom()
                .setDefaultRequestConfig(RequestConfig.custom().setConnectTimeout(5_000).setSocketTimeout(10_000).build())
                .setMaxConnTotal(threads)
                .setMaxConnPerRoute(threads)
                .build()) {
            SendGrid sendGrid = new SendGrid(endpoints.sendGridApiKey(), new Client(http, true));
            sendGrid.setHost(URI.create(endpoints.sendGridUrl()).getAuthority());
            for (int t = 0; t < threads; t++) {
                pool.execute(() -> {
                    for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                        try {
                            Response response = sendGrid.api(mailRequest(emailNotification(i), "raw-" + run + "-" + i));
                            if (response.getStatusCode() != 202) {
                                refused.incrementAndGet();
                            }
                        } catch (IOException e) {
                            refused.incrementAndGet();
                        }
                    }
                });
            }
            pool.shutdown();
            pool.awaitTermination(10, TimeUnit.MINUTES);
        }
        Measured measured = rate(ledger.accepted(), count, before);
        say("raw sendgrid-java, %d threads: %d accepted at %.0f/s, %d refused or failed", threads, measured.accepted(),
                measured.perSecond(), refused.get());
        return measured;
    }

    private static Request mailRequest(EmailNotification notification, String notificationId) throws IOException {
        Mail mail = new Mail();
        mail.setFrom(new Email(notification.getFromAddress()));
        mail.setSubject(notification.getSubject());
        Personalization personalization = new Personalization();
        personalization.addTo(new Email(notification.getToAddress()));
        personalization.addCustomArg("notification_id", notificationId);
        personalization.addCustomArg("user_id", notification.getMeta().getUserId());
        mail.addPersonalization(personalization);
        mail.addContent(new Content("text/plain", notification.getTextBody()));
        Request request = new Request();
        request.setMethod(Method.POST);
        request.setEndpoint("mail/send");
        request.setBody(mail.build());
        return request;
    }

    /** Waits until the ledger holds {@code count} accepted requests, or until none arrived for {@link #STALL}. */
    private static void awaitAccepted(SandboxLedger ledger, int count) {
        int last = 0;
        long lastProgress = System.nanoTime();
        while (true) {
            int now = ledger.acceptedCount();
            if (now >= count) {
                return;
            }
            if (now > last) {
                last = now;
                lastProgress = System.nanoTime();
            } else if (seconds(lastProgress) > STALL.toSeconds()) {
                System.err.printf("gave up with %d of %d accepted (no progress for %s)%n", now, count, STALL);
                return;
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Accepted per second between the first and the {@code count}-th accepted request; CPU per
     * thousand accepted since {@code before} (start-up and client set-up included).
     */
    private Measured rate(List<AcceptedRequest> accepted, int count, CpuClock.Reading before) {
        CpuClock.Reading spent = cpu.read().minus(before);
        int n = Math.min(count, accepted.size());
        if (n < 2) {
            return new Measured(n, 0, 0, 0);
        }
        double span = Duration.between(accepted.get(0).acceptedAt(), accepted.get(n - 1).acceptedAt()).toNanos() / 1e9;
        return new Measured(n, (n - 1) / span, spent.jvmMillis() * 1000.0 / n, spent.stackMillis() * 1000.0 / n);
    }

    private IosPushNotification iosNotification(int i) {
        return IosPushNotification.newBuilder()
                .setMeta(meta(i))
                .setDeviceToken(deviceToken(i))
                .setTitle("Shipped")
                .setBody("Your order is on its way.")
                .setData(Map.of())
                .build();
    }

    private EmailNotification emailNotification(int i) {
        return EmailNotification.newBuilder()
                .setMeta(meta(i))
                .setToAddress(user(i) + "@example.org")
                .setFromAddress("shop@example.org")
                .setSubject("Your order shipped")
                .setTextBody("It is on its way.")
                .build();
    }

    private NotificationMeta meta(int i) {
        return NotificationMeta.newBuilder()
                .setNotificationId("bench-" + run + "-" + i)
                .setUserId(user(i))
                .setCategory("shipping")
                .setPriority(Priority.NORMAL)
                .setLocale("en")
                .setCreatedAt(Instant.now())
                .setSourceEventId("evt-" + i)
                .setSourceEventType("io.notify.events.shop.OrderShipped")
                .build();
    }

    /** A made-up 64-hex-digit token, distinct per notification. */
    private static String deviceToken(int i) {
        return String.format(Locale.ROOT, "%064x", 0xABCDEF000000L + i);
    }

    /** Users take turns, so a user rarely has two notifications in flight at once. */
    private static String user(int i) {
        return "bench-user-" + i % USERS;
    }

    private String print() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("bench", "delivery");
        json.put("pushes", pushes);
        json.put("apns_delivery_per_s", perSecond("ios", "delivery", "defaults, 20 ms delay line"));
        json.put("apns_raw_per_s", perSecond("ios", "raw Pushy", "20 ms delay line"));
        json.put("apns_ratio", ratio("ios", "defaults, 20 ms delay line", "raw Pushy", "20 ms delay line"));
        json.put("apns_tuned_delivery_per_s", perSecond("ios", "delivery", describe(APNS_TUNED) + ", 20 ms delay line"));
        json.put("apns_tuned_ratio", ratio("ios", describe(APNS_TUNED) + ", 20 ms delay line", "raw Pushy", "20 ms delay line"));
        json.put("apns_latency", "delay_line");
        json.put("apns_sandbox_fault_latency_raw_per_s", perSecond("ios", "raw Pushy", "sandbox Fault.latency"));
        json.put("apns_sandbox_fault_latency_delivery_per_s", perSecond("ios", "delivery", "sandbox Fault.latency"));
        json.put("http_provider", "sendgrid");
        json.put("http_delivery_per_s", perSecond("email", "delivery", "defaults, sandbox Fault.latency"));
        json.put("http_raw_per_s", perSecond("email", "raw sendgrid-java", defaultSendGridThreads + " threads"));
        json.put("http_ratio", ratio("email", "defaults, sandbox Fault.latency", "raw sendgrid-java", defaultSendGridThreads + " threads"));
        json.put("http_tuned_delivery_per_s", perSecond("email", "delivery", describe(SENDGRID_TUNED) + ", sandbox Fault.latency"));
        json.put("http_tuned_raw_per_s", perSecond("email", "raw sendgrid-java", SENDGRID_TUNED.get("sendgrid.threads") + " threads"));
        json.put("http_tuned_ratio", ratio("email", describe(SENDGRID_TUNED) + ", sandbox Fault.latency", "raw sendgrid-java",
                SENDGRID_TUNED.get("sendgrid.threads") + " threads"));
        json.put("delivery_rss_mb", peakRssMegabytes());
        json.put("machine", Runtime.getRuntime().availableProcessors() + " cores");
        if (!jsonOnly) {
            System.out.println();
            System.out.println("| channel | sender | settings | accepted | per s | app start to first accept, s "
                    + "| CPU ms per 1000, this JVM | CPU ms per 1000, broker+registry+connect |");
            System.out.println("|---|---|---|---|---|---|---|---|");
            rows.forEach(row -> System.out.printf(Locale.ROOT, "| %s | %s | %s | %d | %.0f | %s | %.0f | %.0f |%n", row.channel(),
                    row.sender(), row.settings(), row.measured().accepted(), row.measured().perSecond(),
                    row.sender().equals("delivery") ? String.format(Locale.ROOT, "%.1f", row.startupSeconds()) : "-",
                    row.measured().jvmCpuMillisPerThousand(), row.measured().stackCpuMillisPerThousand()));
            System.out.printf(Locale.ROOT, "peak RSS of this JVM (sandboxes, raw clients and the in-process delivery app; VmHWM): %d MB%n",
                    peakRssMegabytes());
        }
        String line = json.entrySet().stream()
                .map(entry -> "\"" + entry.getKey() + "\":" + jsonValue(entry.getValue()))
                .collect(Collectors.joining(",", "{", "}"));
        System.out.println(line);
        return line;
    }

    private Object perSecond(String channel, String sender, String settingsContaining) {
        return find(channel, sender, settingsContaining).map(row -> (Object) Math.round(row.measured().perSecond())).orElse("null");
    }

    private Object ratio(String channel, String deliverySettings, String rawSender, String rawSettingsContaining) {
        Optional<Row> delivery = find(channel, "delivery", deliverySettings);
        Optional<Row> raw = find(channel, rawSender, rawSettingsContaining);
        if (delivery.isEmpty() || raw.isEmpty() || raw.get().measured().perSecond() == 0) {
            return "null";
        }
        return String.format(Locale.ROOT, "%.2f", delivery.get().measured().perSecond() / raw.get().measured().perSecond());
    }

    private Optional<Row> find(String channel, String sender, String settingsContaining) {
        return rows.stream()
                .filter(row -> row.channel().equals(channel) && row.sender().equals(sender) && row.settings().contains(settingsContaining))
                .findFirst();
    }

    private static String jsonValue(Object value) {
        if (value instanceof String text && !text.equals("null") && !text.matches("[0-9.]+")) {
            return "\"" + text.replace("\"", "'") + "\"";
        }
        return value.toString();
    }

    /** Peak resident set of this JVM: the delivery app runs in it, next to the sandboxes and the raw clients. */
    private static long peakRssMegabytes() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .filter(line -> line.startsWith("VmHWM:"))
                    .map(line -> Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024)
                    .findFirst().orElse(-1L);
        } catch (IOException e) {
            return -1;
        }
    }

    private static String describe(Map<String, String> overrides) {
        return overrides.isEmpty() ? "defaults" : overrides.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(entry -> entry.getKey() + "=" + entry.getValue())
                .collect(Collectors.joining(" "));
    }

    private void say(String format, Object... values) {
        if (!jsonOnly) {
            System.out.printf(Locale.ROOT, format + "%n", values);
        }
    }

    private static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }

    private static int intArgument(List<String> arguments, String name, int otherwise) {
        int at = arguments.indexOf(name);
        return at >= 0 ? Integer.parseInt(arguments.get(at + 1)) : otherwise;
    }
}
