package nl.naadloos;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.modulith.Modulithic;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Naadloos: one conversation across every channel. The application is a modular monolith; each
 * top-level package below {@code nl.naadloos} is a module, {@code platform} is the shared kernel.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableAsync
@EnableScheduling
@Modulithic(systemName = "Naadloos", sharedModules = "platform")
public class Naadloos {

	public static void main(String[] args) {
		SpringApplication.run(Naadloos.class, args);
	}

}
