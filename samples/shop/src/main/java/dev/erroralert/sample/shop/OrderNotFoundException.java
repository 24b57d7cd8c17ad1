package dev.erroralert.sample.shop;

/** Thrown when an order does not exist. */
public class OrderNotFoundException extends RuntimeException {

    public OrderNotFoundException(long orderId) {
        super("Order " + orderId + " not found");
    }
}
