package nl.naadloos.platform;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Beans every module relies on. Time always comes from the injected {@link Clock} so that SLA clocks,
 * lockouts and token expiry can be tested by moving time instead of waiting.
 */
@Configuration(proxyBeanMethods = false)
class PlatformConfiguration {

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

}
