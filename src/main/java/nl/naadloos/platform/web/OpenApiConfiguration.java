package nl.naadloos.platform.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI document at {@code /v3/api-docs}: every API call takes a personal API token. */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

	@Bean
	OpenAPI naadloosOpenApi() {
		return new OpenAPI()
			.info(new Info().title("Naadloos API")
				.version("v1")
				.description("""
						REST API of Naadloos. Authenticate with a personal API token \
						(`Authorization: Bearer <token>`, created on your profile page). Errors are RFC 9457 \
						problem details; lists are cursor-paginated (pass `nextCursor` back as `cursor`); \
						creating POSTs accept an `Idempotency-Key` header so that retries never create twice.""")
				.license(new License().name("Apache-2.0")))
			.components(new Components().addSecuritySchemes("bearer",
					new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("Naadloos API token")))
			.addSecurityItem(new SecurityRequirement().addList("bearer"));
	}

}
