package nl.naadloos.conversations;

import java.util.List;

import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

import nl.naadloos.contacts.ContactDeleted;
import nl.naadloos.contacts.ContactsMerged;
import nl.naadloos.contacts.ContactsUnmerged;

/**
 * Keeps conversations with their contact: a merge moves the merged contact's conversations to the
 * surviving contact and remembers which; an un-merge moves those back; an erasure deletes them.
 */
@Component
class ContactEventsListener {

	private final Conversations conversations;

	private final ContactMoves moves;

	private final Messages messages;

	ContactEventsListener(Conversations conversations, ContactMoves moves, Messages messages) {
		this.conversations = conversations;
		this.moves = moves;
		this.messages = messages;
	}

	@ApplicationModuleListener
	void on(ContactsMerged merged) {
		if (!this.moves.findByKeyMergeId(merged.mergeId()).isEmpty()) {
			return;
		}
		for (Conversation conversation : this.conversations.findByContactId(merged.mergedId())) {
			this.moves.save(new ContactMove(merged.mergeId(), conversation.id(), merged.mergedId()));
			conversation.moveToContact(merged.survivorId());
			this.conversations.save(conversation);
		}
	}

	/**
	 * A deleted contact (a GDPR erasure) takes its conversations and messages with it: nothing of the
	 * person may stay behind.
	 */
	@ApplicationModuleListener
	void on(ContactDeleted deleted) {
		for (Conversation conversation : this.conversations.findByContactId(deleted.contactId())) {
			this.messages.deleteAll(this.messages.findByConversationId(conversation.id()));
			this.conversations.delete(conversation);
		}
	}

	@ApplicationModuleListener
	void on(ContactsUnmerged unmerged) {
		List<ContactMove> moved = this.moves.findByKeyMergeId(unmerged.mergeId());
		this.conversations.findAllById(moved.stream().map(ContactMove::conversationId).toList()).forEach(conversation -> {
			conversation.moveToContact(unmerged.restoredId());
			this.conversations.save(conversation);
		});
		this.moves.deleteAll(moved);
	}

}
