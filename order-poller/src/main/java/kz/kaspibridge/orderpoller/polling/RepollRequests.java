package kz.kaspibridge.orderpoller.polling;

import java.util.Optional;

/** Where the owner of a merchant finds operators' re-poll requests. */
public interface RepollRequests {

    /** The newest request for this merchant read so far, applied or not; the caller judges it. */
    Optional<Repoll.Request> latest(MerchantId merchant);

    RepollRequests NONE = merchant -> Optional.empty();
}
