package nl.naadloos.conversations;

import java.util.Locale;

/** Where a conversation stands. */
public enum ConversationStatus {

	/** Nobody has looked at it yet. */
	NEW,
	/** Being worked on. */
	OPEN,
	/** Waiting on the customer. */
	PENDING,
	/** Waiting on a third party (a carrier, a supplier). */
	ON_HOLD,
	/** Answered; the customer writing again within the continuation window reopens it. */
	SOLVED,
	/** Final: a new message starts a new conversation. */
	CLOSED;

	public String key() {
		return name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

	public static ConversationStatus fromKey(String key) {
		return valueOf(key.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
	}

}
