package io.notify.enricher.serde;

import io.notify.runtime.serde.AvroSerdes;
import io.notify.runtime.serde.ContractClasses;
import io.notify.schemas.AndroidPushNotification;
import io.notify.schemas.EmailNotification;
import io.notify.schemas.IosPushNotification;
import io.notify.schemas.NotificationRequested;
import io.notify.schemas.NotificationStatus;
import io.notify.schemas.SmsNotification;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.serialization.Serde;

/** Production serdes: Avro through the schema registry. */
public final class RegistrySerdes implements EnricherSerdes {

    private final AvroSerdes avro;

    public RegistrySerdes(String registryUrl) {
        ContractClasses.trust();
        this.avro = new AvroSerdes(registryUrl);
    }

    @Override
    public Serde<GenericRecord> events() {
        return avro.generic();
    }

    @Override
    public Serde<NotificationRequested> requests() {
        return avro.specific(NotificationRequested.class);
    }

    @Override
    public Serde<IosPushNotification> ios() {
        return avro.specific(IosPushNotification.class);
    }

    @Override
    public Serde<AndroidPushNotification> android() {
        return avro.specific(AndroidPushNotification.class);
    }

    @Override
    public Serde<SmsNotification> sms() {
        return avro.specific(SmsNotification.class);
    }

    @Override
    public Serde<EmailNotification> email() {
        return avro.specific(EmailNotification.class);
    }

    @Override
    public Serde<NotificationStatus> status() {
        return avro.specific(NotificationStatus.class);
    }
}
