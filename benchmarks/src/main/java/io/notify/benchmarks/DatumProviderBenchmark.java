package io.notify.benchmarks;

import io.apicurio.registry.serde.avro.AvroDatumProvider;
import io.apicurio.registry.serde.avro.DefaultAvroDatumProvider;
import io.notify.runtime.serde.ContractClasses;
import io.notify.runtime.serde.SchemaInstanceDatumProvider;
import io.notify.schemas.EmailNotification;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What the registry serde does per record once the schema is resolved: find the datum writer for
 * the record's schema, then write. Apicurio's default provider looks the writer up by the schema's
 * parsing fingerprint (normalise and hash the whole schema); the platform's provider by the schema
 * itself. Before/after for {@link SchemaInstanceDatumProvider}.
 */
@State(Scope.Thread)
public class DatumProviderBenchmark {

    private final AvroDatumProvider<EmailNotification> apicurioDefault = new DefaultAvroDatumProvider<>();
    private final AvroDatumProvider<EmailNotification> schemaInstance = new SchemaInstanceDatumProvider<>();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(512);
    private final Schema schema = EmailNotification.getClassSchema();
    private BinaryEncoder encoder;
    private EmailNotification email;

    @Setup
    public void setUp() {
        ContractClasses.trust();
        email = AvroSerdeBenchmark.sampleEmail();
    }

    @Benchmark
    public byte[] apicurioDefaultProvider() throws IOException {
        return write(apicurioDefault);
    }

    @Benchmark
    public byte[] schemaInstanceProvider() throws IOException {
        return write(schemaInstance);
    }

    byte[] write(AvroDatumProvider<EmailNotification> provider) throws IOException {
        out.reset();
        encoder = EncoderFactory.get().binaryEncoder(out, encoder);
        provider.createDatumWriter(email, schema).write(email, encoder);
        encoder.flush();
        return out.toByteArray();
    }
}
