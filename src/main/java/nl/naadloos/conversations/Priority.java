package nl.naadloos.conversations;

import java.util.Locale;

/** How urgent a conversation is; ordered from least to most urgent. */
public enum Priority {

	LOW, NORMAL, HIGH, URGENT;

	public String key() {
		return name().toLowerCase(Locale.ROOT);
	}

	public static Priority fromKey(String key) {
		return valueOf(key.strip().toUpperCase(Locale.ROOT));
	}

}
