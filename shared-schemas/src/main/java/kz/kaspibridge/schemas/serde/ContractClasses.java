package kz.kaspibridge.schemas.serde;

import org.apache.avro.util.ClassSecurityValidator;

/**
 * Avro 1.12.2 refuses to instantiate generated classes outside a trusted set (CVE-2024-47561). We
 * trust exactly the contract package, deliberately and in code, instead of relying on every JVM
 * being started with {@code -Dorg.apache.avro.SERIALIZABLE_PACKAGES}.
 */
public final class ContractClasses {

    public static final String PACKAGE = "kz.kaspibridge.schemas";
    private static volatile boolean trusted;

    private ContractClasses() {
    }

    /** Adds the contract package to Avro's global trust predicate; safe to call many times. */
    public static synchronized void trust() {
        if (trusted) {
            return;
        }
        ClassSecurityValidator.ClassSecurityPredicate contracts = type -> type.getName().startsWith(PACKAGE + ".");
        ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(ClassSecurityValidator.getGlobal(), contracts));
        trusted = true;
    }
}
