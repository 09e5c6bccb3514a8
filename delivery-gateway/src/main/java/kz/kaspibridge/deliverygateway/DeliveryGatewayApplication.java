package kz.kaspibridge.deliverygateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Books and cancels Kaspi deliveries, and turns delivery status reports into monotonic delivery events. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class DeliveryGatewayApplication {

    public static void main(String[] args) {
        SpringApplication.run(DeliveryGatewayApplication.class, args);
    }
}
