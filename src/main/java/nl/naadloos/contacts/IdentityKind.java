package nl.naadloos.contacts;

import java.util.Locale;

/** How a channel identified the sender of a message. */
public enum IdentityKind {

	/** An e-mail address, lower-cased, with an ASCII (punycode) domain. */
	EMAIL,
	/** A phone number in E.164, shared by sms, whatsapp and voice: one number is one contact. */
	PHONE,
	/**
	 * An id that only means something within one channel account: the API channel's {@code from.id}, a
	 * web visitor id, a Messenger PSID, a Telegram chat id.
	 */
	PROVIDER;

	/** The lower-case name used in the REST API. */
	public String key() {
		return name().toLowerCase(Locale.ROOT);
	}

	public static IdentityKind fromKey(String key) {
		return valueOf(key.strip().toUpperCase(Locale.ROOT));
	}

}
