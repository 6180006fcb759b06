package io.notify.delivery.feedback;

import java.sql.SQLException;
import java.util.Collection;

/** Where invalidated device tokens are recorded: the user database, from which CDC carries them to the enricher. */
public interface DeviceTokens extends AutoCloseable {

    /** Invalidates every token at once; returns how many devices changed. */
    int invalidate(Collection<String> tokens) throws SQLException;

    @Override
    void close();
}
