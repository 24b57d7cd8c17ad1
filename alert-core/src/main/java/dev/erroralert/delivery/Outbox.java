package dev.erroralert.delivery;

/**
 * Where messages wait while their destination stays down, to be redelivered in order when it answers again. Shared by
 * the instances of an application (a table in its database), so any instance may redeliver, one at a time.
 */
public interface Outbox {

    /**
     * Keep {@code message} for later.
     *
     * @throws RuntimeException when it cannot be kept; the caller then logs it in full
     */
    void park(Message message);

    /**
     * Send the messages parked for {@code destination}, oldest first, each removed once sent; stop at the first
     * failure. Only one instance redelivers a destination at a time: when another holds it, this returns 0 at once.
     *
     * @return how many messages were delivered
     * @throws DeliveryException the failure that stopped redelivery (the message stays parked)
     */
    int redeliver(String destination, Sender sender) throws DeliveryException;

    /** How many messages wait for {@code destination}. */
    long depth(String destination);

    /** Sends one parked message; the lane's own delivery, pacing included. */
    @FunctionalInterface
    interface Sender {
        void send(Message message) throws DeliveryException;
    }
}
