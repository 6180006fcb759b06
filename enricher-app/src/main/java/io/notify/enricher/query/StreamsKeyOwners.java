package io.notify.enricher.query;

import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;

/** Key ownership from Kafka Streams metadata, which every instance learns from the others' {@code application.server}. */
public final class StreamsKeyOwners implements KeyOwners {

    private final KafkaStreams streams;
    private final HostInfo self;
    private final StringSerializer keys = new StringSerializer();

    public StreamsKeyOwners(KafkaStreams streams, HostInfo self) {
        this.streams = streams;
        this.self = self;
    }

    @Override
    public Optional<HostInfo> remoteOwner(String store, String key) throws OwnerUnknownException {
        if (streams.state() != KafkaStreams.State.RUNNING) {
            throw new OwnerUnknownException(store);
        }
        KeyQueryMetadata metadata = streams.queryMetadataForKey(store, key, keys);
        if (metadata == null || KeyQueryMetadata.NOT_AVAILABLE.equals(metadata)) {
            throw new OwnerUnknownException(store);
        }
        return self.equals(metadata.activeHost()) ? Optional.empty() : Optional.of(metadata.activeHost());
    }

    @Override
    public List<HostInfo> otherInstances(String store) throws OwnerUnknownException {
        if (streams.state() != KafkaStreams.State.RUNNING) {
            throw new OwnerUnknownException(store);
        }
        return streams.streamsMetadataForStore(store).stream().map(StreamsMetadata::hostInfo)
                .filter(host -> !self.equals(host)).distinct().toList();
    }
}
