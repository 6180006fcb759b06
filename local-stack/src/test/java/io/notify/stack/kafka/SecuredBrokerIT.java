package io.notify.stack.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.notify.contract.Topics;
import io.notify.runtime.topics.TopicProvisioner;
import io.notify.stack.process.Ports;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Only verified clients may send: on a broker with SASL/SCRAM and deny-by-default ACLs, a service
 * writes its own events topic and nothing else, strangers are refused, and only the apps read.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecuredBrokerIT {

    private final BrokerSecurity security = new BrokerSecurity(List.of("shop", "enricher"));
    private KafkaBroker broker;

    @BeforeAll
    void startSecuredBroker(@TempDir Path directory) throws Exception {
        Path log4j = directory.resolve("log4j2.properties");
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("child-log4j2.properties")) {
            Files.copy(in, log4j);
        }
        broker = new KafkaBroker(directory.resolve("kafka"), Ports.reserve(0, "Kafka"), Ports.reserve(0, "the controller"),
                log4j, Optional.of(security));
        broker.start();
        broker.awaitReady(Duration.ofSeconds(90));
        try (Admin admin = Admin.create(broker.adminClientProperties())) {
            new TopicProvisioner(admin, (short) 1).ensure(Topics.all());
            ServiceAcls acls = new ServiceAcls(admin);
            acls.allowEventProducer("shop");
            acls.allowEnricher("enricher", "notify-enricher");
        }
    }

    @AfterAll
    void stop() {
        broker.close();
    }

    @Test
    void shouldLetAServiceWriteItsOwnEventsTopic() {
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .untilAsserted(() -> assertThat(send(security.clientProperties("shop"), Topics.EVENTS_SHOP)).isTrue());
    }

    @Test
    void shouldRefuseAServiceWritingATopicItWasNotGranted() {
        assertThatThrownBy(() -> send(security.clientProperties("shop"), Topics.REQUESTS))
                .hasRootCauseInstanceOf(TopicAuthorizationException.class);
        assertThatThrownBy(() -> send(security.clientProperties("shop"), Topics.EVENTS_BILLING))
                .hasRootCauseInstanceOf(TopicAuthorizationException.class);
    }

    @Test
    void shouldRefuseAClientWithAWrongPassword() {
        assertThatThrownBy(() -> send(BrokerSecurity.clientProperties("shop", "not-the-password"), Topics.EVENTS_SHOP))
                .hasRootCauseInstanceOf(SaslAuthenticationException.class);
    }

    @Test
    void shouldRefuseAnUnauthenticatedClient() {
        // A plaintext client on the SASL listener never gets metadata: the send cannot even start.
        assertThatThrownBy(() -> send(Map.of("security.protocol", "PLAINTEXT"), Topics.EVENTS_SHOP))
                .hasRootCauseInstanceOf(org.apache.kafka.common.errors.TimeoutException.class);
    }

    @Test
    void shouldLetOnlyTheAppsReadEvents() {
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .untilAsserted(() -> assertThat(send(security.clientProperties("shop"), Topics.EVENTS_SHOP)).isTrue());

        assertThatThrownBy(() -> poll(security.clientProperties("shop"), "notify-enricher-shop-probe"))
                .isInstanceOf(AuthorizationException.class);
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .untilAsserted(() -> assertThat(poll(security.clientProperties("enricher"), "notify-enricher-" + UUID.randomUUID()).count())
                        .isPositive());
    }

    private boolean send(Map<String, String> credentials, String topic) throws Exception {
        Map<String, Object> config = new HashMap<>(credentials);
        config.put("bootstrap.servers", broker.bootstrapServers());
        config.put("max.block.ms", 5000);
        config.put("delivery.timeout.ms", 8000);
        config.put("request.timeout.ms", 5000);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, "u-1", "hello")).get(10, TimeUnit.SECONDS);
            return true;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    private ConsumerRecords<String, String> poll(Map<String, String> credentials, String group) {
        Map<String, Object> config = new HashMap<>(credentials);
        config.put("bootstrap.servers", broker.bootstrapServers());
        config.put("group.id", group);
        config.put("auto.offset.reset", "earliest");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(Topics.EVENTS_SHOP));
            ConsumerRecords<String, String> records = ConsumerRecords.empty();
            for (int i = 0; i < 20 && records.isEmpty(); i++) {
                records = consumer.poll(Duration.ofMillis(500));
            }
            return records;
        }
    }
}
