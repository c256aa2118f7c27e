package nl.naadloos.conversations;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import nl.naadloos.contacts.ContactDeleted;
import nl.naadloos.contacts.ContactsMerged;
import nl.naadloos.contacts.ContactsUnmerged;
import nl.naadloos.platform.BlobStore;

/**
 * Keeps conversations with their contact: a merge moves the merged contact's conversations to the
 * surviving contact and remembers which; an un-merge moves those back; an erasure deletes them, with
 * their messages and files.
 */
@Component
class ContactEventsListener {

	private final Conversations conversations;

	private final ContactMoves moves;

	private final Messages messages;

	private final MessageAttachments attachments;

	private final BlobStore blobs;

	ContactEventsListener(Conversations conversations, ContactMoves moves, Messages messages,
			MessageAttachments attachments, BlobStore blobs) {
		this.conversations = conversations;
		this.moves = moves;
		this.messages = messages;
		this.attachments = attachments;
		this.blobs = blobs;
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
		Set<String> files = new HashSet<>();
		for (Conversation conversation : this.conversations.findByContactId(deleted.contactId())) {
			List<Message> messages = this.messages.findByConversationId(conversation.id());
			List<MessageAttachment> attachments = this.attachments
				.findByMessageIdInOrderByFileName(messages.stream().map(Message::id).toList());
			attachments.forEach(attachment -> files.add(attachment.sha256()));
			this.attachments.deleteAll(attachments);
			this.messages.deleteAll(messages);
			this.conversations.delete(conversation);
		}
		// The files go too, once the rows are gone for good, unless another message has the same file.
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
			@Override
			public void afterCommit() {
				files.stream()
					.filter(file -> !ContactEventsListener.this.attachments.existsBySha256(file))
					.forEach(ContactEventsListener.this.blobs::delete);
			}
		});
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
