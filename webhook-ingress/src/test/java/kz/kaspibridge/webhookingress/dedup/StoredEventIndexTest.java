package kz.kaspibridge.webhookingress.dedup;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A webhook counts as stored only once every record its intake writes has been read. */
class StoredEventIndexTest {

    private final StoredEventIndex index = new StoredEventIndex();

    @Test
    void aKnownEventNeedsBothItsReportAndItsArchiveInEitherOrder() {
        index.archive("demo:a", true, 10);
        index.report("demo:b", 10);
        assertThat(index.isStored("demo:a")).isFalse();
        assertThat(index.isStored("demo:b")).isFalse();

        index.report("demo:a", 11);
        index.archive("demo:b", true, 11);

        assertThat(index.isStored("demo:a")).isTrue();
        assertThat(index.isStored("demo:b")).isTrue();
    }

    @Test
    void anUnknownTypeIsStoredWithItsArchiveAlone() {
        index.archive("demo:u", false, 10);

        assertThat(index.isStored("demo:u")).isTrue();
    }

    @Test
    void aReportAloneIsNeverStoredTheArchiveIsAlwaysNeeded() {
        index.report("demo:r", 10);
        assertThat(index.isStored("demo:r")).isFalse();

        // The archive is what was missing; a report never hurts.
        index.archive("demo:r", false, 12);
        assertThat(index.isStored("demo:r")).isTrue();
    }

    @Test
    void aRecordReadTwiceChangesNothingAndKeysAreScopedByMerchant() {
        index.archive("demo:a", true, 10);
        index.archive("demo:a", true, 10);

        assertThat(index.isStored("demo:a")).isFalse();
        assertThat(index.size()).isEqualTo(1);
        index.stored("other:a", 10);
        assertThat(index.isStored("other:a")).isTrue();
        assertThat(index.isStored("demo:a")).isFalse();
    }

    @Test
    void forgetsKeysWhoseFirstRecordIsOlderThanTheHorizon() {
        index.stored("demo:old", 100);
        index.archive("demo:new", false, 200);
        index.report("demo:new", 50);

        index.forgetBefore(150);

        // demo:new has a record from 50: its first record is what counts, so it goes too.
        assertThat(index.isStored("demo:old")).isFalse();
        assertThat(index.isStored("demo:new")).isFalse();
        assertThat(index.size()).isZero();
        index.stored("demo:kept", 150);
        index.forgetBefore(150);
        assertThat(index.isStored("demo:kept")).isTrue();
    }
}
