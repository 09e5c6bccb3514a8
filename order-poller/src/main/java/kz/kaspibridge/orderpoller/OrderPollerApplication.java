package kz.kaspibridge.orderpoller;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class OrderPollerApplication {

    public static void main(String[] args) {
        SpringApplication.run(OrderPollerApplication.class, args);
    }
}
