package io.notify.delivery.pipeline;

import io.notify.delivery.provider.GuardedProvider;
import io.notify.delivery.provider.ProviderAdapter;
import io.notify.delivery.provider.ProviderCircuit;
import io.notify.schemas.Channel;
import java.util.EnumMap;
import java.util.Map;

/** The adapter a channel sends through, and the circuit whose open state pauses the channel. */
public record ChannelProvider(ProviderAdapter<?> adapter, ProviderCircuit circuit) {

    /** For a provider that is its own circuit, such as a resilient or fallback provider. */
    public static ChannelProvider of(GuardedProvider<?> provider) {
        return new ChannelProvider(provider, provider);
    }

    public static Map<Channel, ChannelProvider> allOf(Map<Channel, ? extends GuardedProvider<?>> providers) {
        Map<Channel, ChannelProvider> result = new EnumMap<>(Channel.class);
        providers.forEach((channel, provider) -> result.put(channel, of(provider)));
        return result;
    }

    /** For an adapter without a circuit of its own: never open. */
    public static ChannelProvider withoutCircuit(ProviderAdapter<?> adapter) {
        return new ChannelProvider(adapter, new ProviderCircuit() {
            @Override
            public boolean isOpen() {
                return false;
            }

            @Override
            public void onStateChange(Runnable listener) {
                // Never changes.
            }
        });
    }
}
