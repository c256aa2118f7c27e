package nl.naadloos.conversations;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.web.util.HtmlUtils;

import nl.naadloos.platform.InvalidRequest;

/** Conversations and messages as the API shows them. */
final class ConversationResources {

	private ConversationResources() {
	}

	record ConversationResource(UUID id, long number, UUID contactId, @Nullable String subject, String status,
			String priority, @Nullable UUID ownerAgentId, @Nullable UUID teamId, @Nullable String contactReason,
			@Nullable String severity, List<String> tags, List<String> channels, @Nullable String latestInboundChannel,
			@Nullable UUID latestInboundChannelAccountId, @Nullable UUID previousConversationId, Instant createdAt,
			@Nullable Instant firstResponseAt, @Nullable Instant lastCustomerMessageAt,
			@Nullable Instant lastAgentMessageAt, @Nullable Instant solvedAt, @Nullable Instant closedAt,
			Instant lastActivityAt, int reopenCount) {

		static ConversationResource of(Conversation c) {
			return new ConversationResource(c.id(), c.number(), c.contactId(), c.subject(), c.status().key(),
					c.priority().key(), c.ownerAgentId(), c.teamId(), c.contactReason(), c.severity(), c.tags(),
					c.channels().stream().map(nl.naadloos.platform.Channel::key).toList(),
					c.latestInboundChannel() == null ? null : c.latestInboundChannel().key(), c.latestInboundAccountId(),
					c.previousConversationId(), c.createdAt(), c.firstResponseAt(), c.lastCustomerMessageAt(),
					c.lastAgentMessageAt(), c.solvedAt(), c.closedAt(), c.lastActivityAt(), c.reopenCount());
		}

	}

	/**
	 * A message as the API shows it.
	 * @param html sanitised HTML; its inline images ({@code cid:}) point to their attachment's url, and its
	 * remote images carry their address in {@code data-remote-src} (nothing loads) unless they were asked for
	 * with {@code remoteImages=show}
	 * @param remoteImages how many remote images the HTML has (blocked, unless asked for)
	 * @param originalUrl where the customer's message can be downloaded as it arrived (e-mail: the .eml)
	 * @param automated sent by a machine on the customer's side (out-of-office, bounce, read receipt)
	 */
	record MessageResource(UUID id, UUID conversationId, String direction, @Nullable String channel,
			@Nullable UUID channelAccountId, @Nullable UUID identityId, String authorType, @Nullable UUID authorAgentId,
			@Nullable String text, @Nullable String html, int remoteImages, @Nullable String providerMessageId,
			@Nullable String deliveryStatus, @Nullable String failureReason, Instant createdAt, @Nullable Instant sentAt,
			List<AttachmentResource> attachments, @Nullable String originalUrl, boolean automated) {

		/** A message that has no files (a reply or note just written). */
		static MessageResource of(Message m) {
			return of(m, List.of(), false);
		}

		static MessageResource of(Message m, List<MessageAttachment> files, boolean showRemoteImages) {
			String html = m.html() == null ? null : inlineImages(m, m.html(), files);
			return new MessageResource(m.id(), m.conversationId(), m.direction().name().toLowerCase(java.util.Locale.ROOT),
					m.channel() == null ? null : m.channel().key(), m.channelAccountId(), m.identityId(),
					m.authorType().name().toLowerCase(java.util.Locale.ROOT), m.authorAgentId(), m.text(),
					html == null || !showRemoteImages ? html : remoteImagesShown(html), countRemoteImages(html),
					m.providerMessageId(), m.deliveryStatus() == null ? null : m.deliveryStatus().key(),
					m.failureReason(), m.createdAt(), m.sentAt(),
					files.stream().map(file -> AttachmentResource.of(m, file)).toList(),
					m.direction() == MessageDirection.INBOUND && m.channel() == nl.naadloos.platform.Channel.EMAIL
							? "/api/v1/conversations/" + m.conversationId() + "/messages/" + m.id() + "/original" : null,
					m.automated());
		}

	}

	/** Whether {@code remoteImages} asks to show remote images: "show", or "block" (the default). */
	static boolean showRemoteImages(@Nullable String remoteImages) {
		if (remoteImages == null || remoteImages.equals("block")) {
			return false;
		}
		if (remoteImages.equals("show")) {
			return true;
		}
		throw new InvalidRequest("remoteImages must be show or block.");
	}

	/** {@code src="cid:…"} as the sanitiser writes it (attribute values entity-encoded). */
	private static final Pattern CID_SOURCE = Pattern.compile("src=\"cid:([^\"]*)\"");

	/** A remote image's address kept aside by the e-mail sanitiser, so that it does not load. */
	private static final Pattern REMOTE_SOURCE = Pattern.compile("data-remote-src=\"([^\"]*)\"");

	/** Points each {@code cid:} image to its attachment's download url; unknown ones stay as they are. */
	private static String inlineImages(Message message, String html, List<MessageAttachment> files) {
		if (!html.contains("cid:") || files.stream().noneMatch(f -> f.contentId() != null)) {
			return html;
		}
		return CID_SOURCE.matcher(html).replaceAll(match -> {
			String cid = contentId(HtmlUtils.htmlUnescape(match.group(1)));
			return files.stream()
				.filter(file -> cid.equals(file.contentId()))
				.findFirst()
				.map(file -> Matcher.quoteReplacement("src=\"" + AttachmentResource.url(message, file) + "\""))
				.orElse(Matcher.quoteReplacement(match.group()));
		});
	}

	/** A {@code cid:} reference as a Content-ID: URL-decoded (RFC 2392), without angle brackets. */
	private static String contentId(String reference) {
		String value = reference;
		if (value.indexOf('%') >= 0) {
			try {
				value = URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
			}
			catch (IllegalArgumentException notEncoded) {
				// Taken as written.
			}
		}
		return value.strip().replaceAll("^<|>$", "");
	}

	private static int countRemoteImages(@Nullable String html) {
		if (html == null) {
			return 0;
		}
		int count = 0;
		Matcher remote = REMOTE_SOURCE.matcher(html);
		while (remote.find()) {
			count++;
		}
		return count;
	}

	/** Remote images as ordinary images again: http(s) addresses only, the rest stays blocked. */
	private static String remoteImagesShown(String html) {
		return REMOTE_SOURCE.matcher(html).replaceAll(match -> {
			String address = HtmlUtils.htmlUnescape(match.group(1));
			return Matcher.quoteReplacement(address.matches("(?i)^https?://[^\\s\"<>]+$") ? "src=\"" + match.group(1) + "\""
					: match.group());
		});
	}

	/**
	 * A file of a message.
	 * @param id the attachment
	 * @param fileName its name
	 * @param contentType its media type as the sender gave it
	 * @param size bytes
	 * @param url where to download it (with the same token)
	 * @param inline an image the message's HTML shows in place (it points to this url)
	 */
	record AttachmentResource(UUID id, String fileName, String contentType, long size, String url, boolean inline) {

		static AttachmentResource of(Message message, MessageAttachment file) {
			return new AttachmentResource(file.id(), file.fileName(), file.contentType(), file.size(), url(message, file),
					file.inline());
		}

		static String url(Message message, MessageAttachment file) {
			return "/api/v1/conversations/" + message.conversationId() + "/messages/" + message.id() + "/attachments/"
					+ file.id();
		}

	}

}
