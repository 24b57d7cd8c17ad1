package dev.erroralert.delivery;

/**
 * Where messages wait while their destination stays down, to be redelivered in order when it answers again. Shared by
 * the instances of an application (a table in its database), so any instance may redeliver, one at a time.
 */
public interface Outbox {

    /** What {@link #redeliver} returns when another instance is redelivering that destination right now. */
    int HELD_ELSEWHERE = -1;

    /**
     * Keep {@code message} for later.
     *
     * @throws RuntimeException when it cannot be kept; the caller then logs it in full
     */
    void park(Message message);

    /**
     * Send the messages parked for {@code destination}, oldest first, each removed once sent. Before each message
     * the sender is given the chance to wait ({@link Sender#awaitReady()}), and only then is this instance's hold on
     * the destination renewed, so a long wait cannot let another instance take over mid-way. A message the
     * destination refuses for good ({@link DeliveryException.Kind#PERMANENT}) is removed, handed to
     * {@link Sender#refused}, and redelivery goes on; any other failure stops it, the message staying parked.
     *
     * @return how many messages were delivered, or {@link #HELD_ELSEWHERE} when another instance holds the
     *     destination (this one then sends nothing)
     * @throws DeliveryException the failure that stopped redelivery
     */
    int redeliver(String destination, Sender sender) throws DeliveryException;

    /** How many messages wait for {@code destination}. */
    long depth(String destination);

    /** Sends parked messages on behalf of a lane. */
    interface Sender {

        /** Wait until the next message may go (pace, a destination's pause); called before each message. */
        default void awaitReady() {
        }

        /** Send one parked message. */
        void send(Message message) throws DeliveryException;

        /** A parked message its destination refused for good; it has already been removed from the outbox. */
        default void refused(Message message, DeliveryException reason) {
        }
    }
}
