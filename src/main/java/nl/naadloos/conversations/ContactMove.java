package nl.naadloos.conversations;

import java.io.Serializable;
import java.util.UUID;

import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** A conversation that a contact merge moved to another contact, so that an un-merge moves it back. */
@Entity
@Table(name = "conversation_contact_moves")
class ContactMove {

	@EmbeddedId
	private Key key;

	private UUID fromContactId;

	protected ContactMove() {
		this.key = new Key(new UUID(0, 0), new UUID(0, 0));
		this.fromContactId = new UUID(0, 0);
	}

	ContactMove(UUID mergeId, UUID conversationId, UUID fromContactId) {
		this.key = new Key(mergeId, conversationId);
		this.fromContactId = fromContactId;
	}

	UUID conversationId() {
		return this.key.conversationId();
	}

	@Embeddable
	record Key(UUID mergeId, UUID conversationId) implements Serializable {
	}

}
