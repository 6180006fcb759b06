package io.notify.runtime.serde;

import org.apache.avro.util.ClassSecurityValidator;

/**
 * Avro 1.12 refuses to load a specific record class it has not been told to trust, which breaks
 * every specific reader and writer of the contract. Trust the platform's own generated classes,
 * on top of Avro's defaults; {@link AvroSerdes} does this for everyone who uses it.
 */
public final class ContractClasses {

    private static final String CONTRACT_PACKAGE = "io.notify.";

    private ContractClasses() {
    }

    public static synchronized void trust() {
        ClassSecurityValidator.ClassSecurityPredicate current = ClassSecurityValidator.getGlobal();
        if (!(current instanceof ContractPredicate)) {
            ClassSecurityValidator.setGlobal(new ContractPredicate(current));
        }
    }

    private record ContractPredicate(ClassSecurityValidator.ClassSecurityPredicate fallback)
            implements ClassSecurityValidator.ClassSecurityPredicate {

        @Override
        public boolean isTrusted(Class<?> type) {
            return type.getName().startsWith(CONTRACT_PACKAGE) || fallback.isTrusted(type);
        }
    }
}
