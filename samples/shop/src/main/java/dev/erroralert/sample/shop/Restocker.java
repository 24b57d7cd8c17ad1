package dev.erroralert.sample.shop;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Handles its own failure by logging it at ERROR, as much code does: alerted by error-alert's logging capture
 * (enabled in application.yml for the sample's loggers), at the logger's name.
 */
@Component
public class Restocker {

    private static final Logger logger = LoggerFactory.getLogger(Restocker.class);

    public void restock(String sku) {
        try {
            throw new IllegalStateException("supplier refused the order for " + sku);
        }
        catch (IllegalStateException ex) {
            logger.error("Restocking {} failed; trying again tomorrow", sku, ex);
        }
    }
}
