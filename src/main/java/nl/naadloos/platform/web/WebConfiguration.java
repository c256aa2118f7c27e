package nl.naadloos.platform.web;

import java.time.Clock;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.support.TransactionTemplate;

import nl.naadloos.platform.ApiProperties;
import nl.naadloos.platform.ProblemWriter;

/**
 * Registers the API's request filters: the size limit runs before everything (so nothing reads an
 * oversize body), the idempotency filter after security (so keys are scoped to the caller).
 */
@Configuration(proxyBeanMethods = false)
class WebConfiguration {

	@Bean
	FilterRegistrationBean<RequestSizeLimitFilter> requestSizeLimitFilter(ApiProperties properties,
			ProblemWriter problems) {
		FilterRegistrationBean<RequestSizeLimitFilter> registration = new FilterRegistrationBean<>(
				new RequestSizeLimitFilter(properties.maxRequestSize(), properties.maxUploadSize(), problems));
		registration.addUrlPatterns("/api/*");
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
		return registration;
	}

	@Bean
	FilterRegistrationBean<IdempotencyFilter> idempotencyFilter(IdempotencyRecords records, TransactionTemplate tx,
			ProblemWriter problems, ApiProperties properties, Clock clock) {
		FilterRegistrationBean<IdempotencyFilter> registration = new FilterRegistrationBean<>(
				new IdempotencyFilter(records, tx, problems, properties, clock));
		registration.addUrlPatterns("/api/*");
		registration.setOrder(Ordered.LOWEST_PRECEDENCE - 10);
		return registration;
	}

	@Bean
	IdempotencyCleanup idempotencyCleanup(IdempotencyRecords records, ApiProperties properties, Clock clock) {
		return new IdempotencyCleanup(records, properties, clock);
	}

	/** Forgets idempotency keys past their retention, so the table stays small. */
	static class IdempotencyCleanup {

		private final IdempotencyRecords records;

		private final ApiProperties properties;

		private final Clock clock;

		IdempotencyCleanup(IdempotencyRecords records, ApiProperties properties, Clock clock) {
			this.records = records;
			this.properties = properties;
			this.clock = clock;
		}

		@Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT5M")
		void forgetExpiredKeys() {
			this.records.deleteCreatedBefore(this.clock.instant().minus(this.properties.idempotencyRetention()));
		}

	}

}
