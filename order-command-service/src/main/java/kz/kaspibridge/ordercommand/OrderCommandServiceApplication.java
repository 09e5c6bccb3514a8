package kz.kaspibridge.ordercommand;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Applies the acceptance policy and order commands through the Kaspi Shop API, and asks for deliveries. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class OrderCommandServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(OrderCommandServiceApplication.class, args);
    }
}
