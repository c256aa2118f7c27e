package nl.naadloos.accounts;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The first administrator, created on first start when there are no agents yet.
 *
 * @param email login of the first admin ({@code NAADLOOS_ADMIN_EMAIL})
 * @param password password of the first admin ({@code NAADLOOS_ADMIN_PASSWORD}); when empty a strong
 * one is generated and printed once in the log
 * @param token an API token value to register for the first admin ({@code NAADLOOS_ADMIN_TOKEN}), for
 * automated set-ups that must call the API without clicking through the UI
 * @param name display name of the first admin
 */
@ConfigurationProperties("naadloos.admin")
record AccountsProperties(@Nullable String email, @Nullable String password, @Nullable String token,
		@Nullable String name) {

	String emailOrDefault() {
		return this.email == null || this.email.isBlank() ? "admin@naadloos.local" : this.email.strip();
	}

	String nameOrDefault() {
		return this.name == null || this.name.isBlank() ? "Administrator" : this.name.strip();
	}

}
