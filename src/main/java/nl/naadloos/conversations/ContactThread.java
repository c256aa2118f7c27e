package nl.naadloos.conversations;

import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A row per contact that serialises the threading of that contact's inbound messages. */
@Entity
@Table(name = "contact_threads")
class ContactThread {

	@Id
	private UUID contactId;

	protected ContactThread() {
		this.contactId = UUID.randomUUID();
	}

	ContactThread(UUID contactId) {
		this.contactId = contactId;
	}

}
