package dev.erroralert.sample.shop;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * A controller nobody annotated, and with no exception handler: its failure is a 500 that error-alert's Spring MVC
 * capture alerts all the same, at {@code ReceiptController#receipt}.
 */
@RestController
public class ReceiptController {

    @GetMapping("/receipts/{id}")
    public String receipt(@PathVariable long id) {
        throw new IllegalStateException("receipt " + id + " has no printer template");
    }
}
