package nl.naadloos.channels;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

import nl.naadloos.contacts.IdentityKind;
import nl.naadloos.contacts.SenderHints;
import nl.naadloos.conversations.ConversationInbox;
import nl.naadloos.conversations.InboundAttachment;
import nl.naadloos.conversations.InboundEnvelope;
import nl.naadloos.conversations.InboundResult;
import nl.naadloos.platform.Channel;

/**
 * Turns a stored chat message into the envelope conversations thread: the visitor is a provider id on
 * the widget account (their browser, or the shop's user the shop vouched for); an e-mail address is
 * verified only when it is the identifier the shop vouched for, otherwise it is a hint.
 */
@Component
class WebchatParser implements InboundParser {

	private final JsonMapper json;

	private final ConversationInbox inbox;

	WebchatParser(JsonMapper json, ConversationInbox inbox) {
		this.json = json;
		this.inbox = inbox;
	}

	@Override
	public Channel channel() {
		return Channel.WEBCHAT;
	}

	@Override
	public InboundEnvelope envelope(InboundEvent event, ChannelAccount account, Map<String, Object> settings) {
		StoredChatMessage message = this.json.readValue(event.payload(), StoredChatMessage.class);
		String email = message.identifierEmail() != null ? message.identifierEmail() : message.email();
		SenderHints sender = new SenderHints(Channel.WEBCHAT.key(), account.id(), IdentityKind.PROVIDER,
				message.visitor(), message.name(), email, null, message.identifierEmail() != null, message.language());
		List<InboundAttachment> files = message.files()
			.stream()
			.map(file -> new InboundAttachment(file.name(), file.type(), file.size(), file.sha256(), null, false))
			.toList();
		return new InboundEnvelope(Channel.WEBCHAT, account.id(), sender, event.providerId(), null,
				message.text().isBlank() ? null : message.text(), null, message.sentAt(), null, files,
				message.conversation(), false);
	}

	@Override
	public void afterReceive(InboundEnvelope envelope, InboundResult result, ChannelAccount account,
			Map<String, Object> settings) {
		if (result.newConversation() && settings.get("team") instanceof String team) {
			this.inbox.routeToTeam(result.conversationId(), UUID.fromString(team));
		}
	}

	/**
	 * A visitor's message as it is stored before it is threaded.
	 * @param visitor the visitor's provider id ({@code visitor:…} or {@code user:…})
	 * @param identifierEmail the e-mail address the shop vouched for, if its identifier is one
	 * @param conversation the conversation the widget shows (the widget session: an explicit reference)
	 */
	record StoredChatMessage(String visitor, @Nullable String identifierEmail, @Nullable String name,
			@Nullable String email, @Nullable String language, String clientId, String text, List<StoredFile> files,
			@Nullable Long conversation, Instant sentAt, @Nullable String pageUrl) {

		StoredChatMessage {
			files = files == null ? List.of() : List.copyOf(files);
		}

	}

	record StoredFile(String name, String type, long size, String sha256) {
	}

}
