package nl.naadloos.conversations;

import java.util.List;
import java.util.UUID;

import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

import nl.naadloos.contacts.ContactsMerged;
import nl.naadloos.contacts.ContactsUnmerged;

/**
 * Keeps conversations with their contact through merges: a merge moves the merged contact's
 * conversations to the surviving contact and remembers which; an un-merge moves those back.
 */
@Component
class ContactMergeListener {

	private final Conversations conversations;

	private final ContactMoves moves;

	ContactMergeListener(Conversations conversations, ContactMoves moves) {
		this.conversations = conversations;
		this.moves = moves;
	}

	@ApplicationModuleListener
	void on(ContactsMerged merged) {
		if (!this.moves.movedBy(merged.mergeId()).isEmpty()) {
			return;
		}
		for (Conversation conversation : this.conversations.findByContactId(merged.mergedId())) {
			this.moves.record(merged.mergeId(), conversation.id(), merged.mergedId());
			conversation.moveToContact(merged.survivorId());
			this.conversations.save(conversation);
		}
	}

	@ApplicationModuleListener
	void on(ContactsUnmerged unmerged) {
		List<UUID> moved = this.moves.movedBy(unmerged.mergeId());
		this.conversations.findAllById(moved).forEach(conversation -> {
			conversation.moveToContact(unmerged.restoredId());
			this.conversations.save(conversation);
		});
		this.moves.forget(unmerged.mergeId());
	}

}
