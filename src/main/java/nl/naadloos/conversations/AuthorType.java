package nl.naadloos.conversations;

/** Who wrote a message. */
public enum AuthorType {

	CONTACT, AGENT, BOT, SYSTEM

}
