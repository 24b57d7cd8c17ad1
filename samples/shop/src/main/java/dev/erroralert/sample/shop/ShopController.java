package dev.erroralert.sample.shop;

import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Endpoints that fail in a few different ways, and one that fires a burst. */
@RestController
public class ShopController {

    private final OrderService orders;
    private final PaymentService payments;
    private final InventoryService inventory;
    private final Burst burst;

    public ShopController(OrderService orders, PaymentService payments, InventoryService inventory, Burst burst) {
        this.orders = orders;
        this.payments = payments;
        this.inventory = inventory;
        this.burst = burst;
    }

    @GetMapping("/orders/{id}")
    public String order(@PathVariable long id) {
        return orders.find(id);
    }

    @PostMapping("/orders/{id}/pay")
    public void pay(@PathVariable long id, @RequestParam(defaultValue = "1999") long cents) {
        payments.charge(id, cents);
    }

    @GetMapping("/inventory/{sku}")
    public int stock(@PathVariable String sku) {
        return inventory.stockOf(sku);
    }

    @PostMapping("/burst")
    public Burst.Report burst(@RequestParam(defaultValue = "1000") int count) {
        return burst.fire(Math.max(0, Math.min(count, 1_000_000)));
    }

    // The services' exceptions are alerted on their way out of the services; here they only become a 500.
    @ExceptionHandler(RuntimeException.class)
    @ResponseStatus(HttpStatus.INTERNAL_SERVER_ERROR)
    public Map<String, String> failed(RuntimeException ex) {
        return Map.of("error", ex.getClass().getSimpleName());
    }
}
