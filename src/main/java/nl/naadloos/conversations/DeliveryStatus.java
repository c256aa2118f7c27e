package nl.naadloos.conversations;

import java.util.Locale;

/** Delivery of an outbound message. Only moves forward, except that a failure is always recorded. */
public enum DeliveryStatus {

	QUEUED, SENT, DELIVERED, READ, FAILED;

	public String key() {
		return name().toLowerCase(Locale.ROOT);
	}

	/** Whether moving from this status to {@code next} is progress (status callbacks arrive out of order). */
	boolean canMoveTo(DeliveryStatus next) {
		if (this == FAILED) {
			return false;
		}
		if (next == FAILED) {
			return this == QUEUED || this == SENT;
		}
		return next.ordinal() > ordinal();
	}

}
