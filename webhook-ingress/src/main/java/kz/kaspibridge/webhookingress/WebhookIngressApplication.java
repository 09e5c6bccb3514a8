package kz.kaspibridge.webhookingress;

import java.util.Arrays;
import kz.kaspibridge.webhookingress.replay.ReplayCommand;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The HTTP endpoint Kaspi calls with delivery webhooks. {@code replay ...} as the first argument
 * runs the archive replay command instead of the server (see README).
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class WebhookIngressApplication {

    public static void main(String[] args) {
        if (args.length > 0 && ReplayCommand.NAME.equals(args[0])) {
            SpringApplication app = new SpringApplication(WebhookIngressApplication.class);
            app.setWebApplicationType(WebApplicationType.NONE);
            app.setAdditionalProfiles(ReplayCommand.PROFILE);
            System.exit(SpringApplication.exit(app.run(Arrays.copyOfRange(args, 1, args.length))));
        }
        SpringApplication.run(WebhookIngressApplication.class, args);
    }
}
