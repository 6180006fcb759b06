package io.notify.delivery.ledger;

import java.util.Collection;

/**
 * The ledger partitions a consumer needs: it holds the partition numbers it was assigned and
 * sends nothing from one until it is loaded, that is, read up to the ledger's end as it was when
 * the hold began. So whatever the previous owner recorded before it gave the partition up is
 * known before the first send.
 */
public interface LedgerPartitions {

    void hold(Collection<Integer> partitions);

    /** Releases one hold per partition; a partition nobody holds is no longer followed. */
    void release(Collection<Integer> partitions);

    boolean isLoaded(int partition);
}
