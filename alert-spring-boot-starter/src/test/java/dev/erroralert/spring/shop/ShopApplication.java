package dev.erroralert.spring.shop;

import dev.erroralert.spring.AlertOnError;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The application the fleet tests boot, in a package of its own as a user's application is: configured as the
 * in-app package, its frames alone make an error's fingerprint, the same from whichever thread or test it is called.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class ShopApplication {

    @Bean
    PaymentService paymentService() {
        return new PaymentService();
    }

    /** A payment that failed, created inside the annotated service like a real one. */
    public static class PaymentDeclined extends RuntimeException {

        public PaymentDeclined(String message) {
            super(message);
        }
    }

    @AlertOnError
    public static class PaymentService {

        public void charge(String message) {
            throw new PaymentDeclined(message);
        }

        public void refund(String message) {
            throw new IllegalStateException(message);
        }
    }
}
