package kz.kaspibridge.ordercommand.streams;

import java.util.Map;

/** What the topology counts; the Micrometer adapter names and tags it (tags stay bounded: never an order code). */
public interface CommandMetrics {

    /** A policy decision: {@code decision} is ACCEPT, CANCEL, HOLD, IGNORE or PENDING_STOCK. */
    void policyDecision(String merchant, String policy, String decision);

    /** A command by type and outcome: ACCEPTED_FOR_EFFECT, REJECTED, DUPLICATE; AUTOMATIC for the automatic assembly. */
    void command(String type, String outcome);

    /** A reservation attempt: RESERVED or SHORT (an oversell refused); TAKEN for units held without a check. */
    void reservation(String merchant, String outcome);

    /** A held order passed its deadline. */
    void overdue(String merchant);

    /**
     * Held orders past their deadline and still waiting, per merchant, as one task (one partition's store) sees
     * them now; an empty map when the task leaves this instance. The adapter sums the tasks.
     */
    void overdueWaiting(String task, Map<String, Integer> byMerchant);

    /** A {@code CancelDelivery} was sent because a booked order was cancelled. */
    void deliveryCancel(String merchant);

    CommandMetrics NONE = new CommandMetrics() {
        @Override
        public void policyDecision(String merchant, String policy, String decision) {
        }

        @Override
        public void command(String type, String outcome) {
        }

        @Override
        public void reservation(String merchant, String outcome) {
        }

        @Override
        public void overdue(String merchant) {
        }

        @Override
        public void overdueWaiting(String task, Map<String, Integer> byMerchant) {
        }

        @Override
        public void deliveryCancel(String merchant) {
        }
    };
}
