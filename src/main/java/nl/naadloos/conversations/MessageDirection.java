package nl.naadloos.conversations;

/** What kind of entry a message is in a conversation. */
public enum MessageDirection {

	/** From the customer. */
	INBOUND,
	/** To the customer. */
	OUTBOUND,
	/** Internal note, never sent. */
	NOTE,
	/** Something that happened: assigned, status changed, channel switched, merged. */
	EVENT

}
