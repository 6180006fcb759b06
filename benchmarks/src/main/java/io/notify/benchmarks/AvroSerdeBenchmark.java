package io.notify.benchmarks;

import io.notify.runtime.serde.ContractClasses;
import io.notify.schemas.EmailNotification;
import io.notify.schemas.NotificationMeta;
import io.notify.schemas.Priority;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Serialize + deserialize one EmailNotification: plain Avro specific writer/reader, and the same
 * with Confluent framing (magic byte 0 + 4-byte content id) as the platform's serdes frame it. The
 * registry round-trip of the Apicurio serde is deliberately left out (it is cached after the first
 * record; without a registry this measures the per-record cost that remains).
 */
@State(Scope.Thread)
public class AvroSerdeBenchmark {

    static final byte MAGIC = 0;
    static final int CONTENT_ID = 42;

    private final SpecificDatumWriter<EmailNotification> writer = new SpecificDatumWriter<>(EmailNotification.class);
    private SpecificDatumReader<EmailNotification> reader;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(512);
    private BinaryEncoder encoder;
    private BinaryDecoder decoder;
    private EmailNotification email;

    @Setup
    public void setUp() {
        ContractClasses.trust();
        reader = new SpecificDatumReader<>(EmailNotification.class);
        email = sampleEmail();
    }

    @Benchmark
    public EmailNotification plainRoundTrip() throws IOException {
        byte[] bytes = plain(email);
        decoder = DecoderFactory.get().binaryDecoder(bytes, decoder);
        return reader.read(null, decoder);
    }

    @Benchmark
    public EmailNotification confluentFramedRoundTrip() throws IOException {
        byte[] bytes = framed(email);
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        if (buffer.get() != MAGIC || buffer.getInt() != CONTENT_ID) {
            throw new IllegalStateException("unexpected framing");
        }
        decoder = DecoderFactory.get().binaryDecoder(bytes, buffer.position(), buffer.remaining(), decoder);
        return reader.read(null, decoder);
    }

    byte[] plain(EmailNotification value) throws IOException {
        out.reset();
        return encode(value);
    }

    byte[] framed(EmailNotification value) throws IOException {
        out.reset();
        out.write(MAGIC);
        out.write(ByteBuffer.allocate(Integer.BYTES).putInt(CONTENT_ID).array());
        return encode(value);
    }

    private byte[] encode(EmailNotification value) throws IOException {
        encoder = EncoderFactory.get().binaryEncoder(out, encoder);
        writer.write(value, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    static EmailNotification sampleEmail() {
        NotificationMeta meta = NotificationMeta.newBuilder()
                .setNotificationId("0e79bf13c0ffee0e79bf13c0ffee0e79")
                .setUserId("u-1001")
                .setCategory("shipping")
                .setPriority(Priority.NORMAL)
                .setLocale("en")
                .setCreatedAt(Instant.parse("2026-11-26T10:00:00Z"))
                .setSourceEventId("7e99810d-0000-4000-8000-000000000001")
                .setSourceEventType("io.notify.events.shop.OrderShipped")
                .build();
        return EmailNotification.newBuilder()
                .setMeta(meta)
                .setToAddress("someone@example.com")
                .setFromAddress("no-reply@notify.example")
                .setSubject("Your order o-123456 has shipped")
                .setTextBody("Order o-123456 left with DHL, tracking JD0140000000001. Expected 2026-11-30.")
                .setHtmlBody("<p>Order <b>o-123456</b> left with DHL, tracking JD0140000000001.</p><p>Expected 2026-11-30.</p>")
                .build();
    }
}
