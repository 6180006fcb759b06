package io.notify.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Smoke tests: each benchmark's setup works and its operation does what it claims; nothing is timed. */
class HotPathSetupTest {

    @Test
    void shouldRenderPushAndEscapedEmailWithTheEnrichersRenderer() {
        RenderingBenchmark rendering = new RenderingBenchmark();
        rendering.setUp();

        assertThat(rendering.plainTextPush()).isEqualTo("Your order o-123456 has shipped with DHL <Express>.");
        assertThat(rendering.htmlEmail()).contains("DHL &lt;Express&gt;").contains("Expected 2026-11-30.");
    }

    @Test
    void shouldForwardAnEventOnceAndDropItsDuplicateInTheWindowStore() throws Exception {
        DedupeStoreBenchmark dedupe = new DedupeStoreBenchmark();
        dedupe.setUp();
        try {
            assertThat(dedupe.duplicate()).isTrue();
            assertThat(dedupe.duplicate()).isFalse();
            assertThat(dedupe.firstSighting()).isTrue();
            assertThat(dedupe.firstSighting()).isTrue();
        } finally {
            dedupe.tearDown();
        }
    }

    @Test
    void shouldRoundTripAnEmailPlainAndConfluentFramed() throws Exception {
        AvroSerdeBenchmark serde = new AvroSerdeBenchmark();
        serde.setUp();

        assertThat(serde.plainRoundTrip()).isEqualTo(AvroSerdeBenchmark.sampleEmail());
        assertThat(serde.confluentFramedRoundTrip()).isEqualTo(AvroSerdeBenchmark.sampleEmail());
        assertThat(serde.framed(AvroSerdeBenchmark.sampleEmail())).startsWith(0, 0, 0, 0, 42);
    }

    @Test
    void shouldWriteTheSameBytesWithEitherDatumProvider() throws Exception {
        DatumProviderBenchmark providers = new DatumProviderBenchmark();
        providers.setUp();
        assertThat(providers.schemaInstanceProvider()).isNotEmpty().isEqualTo(providers.apicurioDefaultProvider());
    }
}
