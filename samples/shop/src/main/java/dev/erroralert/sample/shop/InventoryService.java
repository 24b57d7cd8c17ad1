package dev.erroralert.sample.shop;

import java.util.Map;

import dev.erroralert.spring.AlertOnError;
import org.springframework.stereotype.Service;

/** A bug on purpose: an unknown SKU ends in a NullPointerException. */
@Service
@AlertOnError
public class InventoryService {

    private final Map<String, Integer> stock = Map.of("book", 12, "lamp", 3);

    // NullAway sees the bug too; it stays, as the error the sample shows an alert for.
    @SuppressWarnings("NullAway")
    public int stockOf(String sku) {
        return stock.get(sku);
    }
}
