package kz.kaspibridge.pricelist;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Materialises offers and stock from Kafka and serves the Kaspi XML price list. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class PricelistPublisherApplication {

    public static void main(String[] args) {
        SpringApplication.run(PricelistPublisherApplication.class, args);
    }
}
