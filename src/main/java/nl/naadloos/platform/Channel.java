package nl.naadloos.platform;

import java.util.Locale;

/** A kind of medium a customer uses to reach the business (PRODUCT.md, "Channel"). */
public enum Channel {

	EMAIL, WEBCHAT, WHATSAPP, SMS, MESSENGER, INSTAGRAM, TELEGRAM, VOICE, PORTAL, API, IN_PERSON;

	/** The lower-case name used in the API and in URLs, e.g. {@code api}, {@code in-person}. */
	public String key() {
		return name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

	public static Channel fromKey(String key) {
		return valueOf(key.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
	}

}
