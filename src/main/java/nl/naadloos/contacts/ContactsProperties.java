package nl.naadloos.contacts;

import java.util.Locale;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the contacts module.
 *
 * @param defaultRegion the region (ISO 3166, such as {@code NL} or {@code BE}) of phone numbers written
 * without a country code ({@code naadloos.contacts.default-region}, default {@code NL})
 */
@ConfigurationProperties("naadloos.contacts")
record ContactsProperties(String defaultRegion) {

	ContactsProperties {
		defaultRegion = defaultRegion == null || defaultRegion.isBlank() ? "NL"
				: defaultRegion.strip().toUpperCase(Locale.ROOT);
		if (!Addresses.isSupportedRegion(defaultRegion)) {
			throw new IllegalArgumentException("naadloos.contacts.default-region '" + defaultRegion
					+ "' is not a region libphonenumber knows; use an ISO 3166 code such as NL or BE.");
		}
	}

}
