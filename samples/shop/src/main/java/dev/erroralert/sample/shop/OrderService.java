package dev.erroralert.sample.shop;

import dev.erroralert.spring.AlertOnError;
import org.springframework.stereotype.Service;

/** Every public method is watched: an annotation on the class. */
@Service
@AlertOnError
public class OrderService {

    /** No order exists in this shop, so every lookup fails the same way (with a different id each time). */
    public String find(long orderId) {
        throw new OrderNotFoundException(orderId);
    }
}
