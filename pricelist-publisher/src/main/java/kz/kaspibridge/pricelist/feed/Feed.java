package kz.kaspibridge.pricelist.feed;

import java.nio.file.Path;
import java.time.Instant;
import kz.kaspibridge.pricelist.catalog.MerchantId;

/**
 * A built, valid price list file as it is served. The file is named by its content (sha256) and never written
 * again once served: a new build is a new file, swapped in whole, so a reader never sees half of one.
 *
 * @param lastModified the newest fact in the file (its {@code date}): the same after a restart, so Kaspi's
 *                     {@code If-Modified-Since} keeps working
 * @param builtAt      when this content was first built by this instance
 */
public record Feed(MerchantId merchant, Path file, String sha256, long bytes, int offers, int excluded,
                   Instant lastModified, Instant builtAt) {

    /** The strong validator of this content. */
    public String etag() {
        return "\"" + sha256 + "\"";
    }
}
