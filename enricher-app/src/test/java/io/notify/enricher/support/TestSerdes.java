package io.notify.enricher.support;

import io.notify.enricher.serde.EnricherSerdes;
import io.notify.runtime.serde.ContractClasses;
import io.notify.schemas.AndroidPushNotification;
import io.notify.schemas.EmailNotification;
import io.notify.schemas.IosPushNotification;
import io.notify.schemas.NotificationRequested;
import io.notify.schemas.NotificationStatus;
import io.notify.schemas.SmsNotification;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.serialization.Serde;

/** Registry-free serdes for topology tests, sharing one in-memory registry. */
public final class TestSerdes implements EnricherSerdes {

    private final InMemorySchemaRegistry registry;

    public TestSerdes(InMemorySchemaRegistry registry) {
        this.registry = registry;
        ContractClasses.trust();
    }

    @Override
    public Serde<GenericRecord> events() {
        return registry.generic();
    }

    @Override
    public Serde<NotificationRequested> requests() {
        return registry.specific(NotificationRequested.class);
    }

    @Override
    public Serde<IosPushNotification> ios() {
        return registry.specific(IosPushNotification.class);
    }

    @Override
    public Serde<AndroidPushNotification> android() {
        return registry.specific(AndroidPushNotification.class);
    }

    @Override
    public Serde<SmsNotification> sms() {
        return registry.specific(SmsNotification.class);
    }

    @Override
    public Serde<EmailNotification> email() {
        return registry.specific(EmailNotification.class);
    }

    @Override
    public Serde<NotificationStatus> status() {
        return registry.specific(NotificationStatus.class);
    }
}
