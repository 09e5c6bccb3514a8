package kz.kaspibridge.webhookingress.intake;

/** The eventIds already stored, shared by every instance and surviving restarts. */
public interface SeenEvents {

    /** False until the store has loaded what other instances (and earlier runs) stored. */
    boolean isReady();

    boolean contains(String dedupKey);

    /** Remembers a key this instance has just stored, before the store's own feed echoes it. */
    void remember(String dedupKey);
}
