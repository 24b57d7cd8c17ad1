package dev.erroralert.sample.shop;

import dev.erroralert.spring.AlertOnError;
import org.springframework.stereotype.Service;

/** Only one method is watched: an annotation on the method. */
@Service
public class PaymentService {

    @AlertOnError
    public void charge(long orderId, long cents) {
        throw new IllegalStateException(
                "Payment gateway timed out after 3000 ms charging " + cents + " cents for order " + orderId);
    }
}
