package nl.naadloos.channels;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.jspecify.annotations.Nullable;
import org.jsoup.Jsoup;
import org.owasp.html.HtmlPolicyBuilder;
import org.owasp.html.PolicyFactory;
import org.owasp.html.Sanitizers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;
import org.springframework.web.util.HtmlUtils;

import nl.naadloos.contacts.IdentityKind;
import nl.naadloos.contacts.SenderHints;
import nl.naadloos.conversations.InboundAttachment;
import nl.naadloos.conversations.ConversationInbox;
import nl.naadloos.conversations.InboundEnvelope;
import nl.naadloos.conversations.InboundResult;
import nl.naadloos.conversations.OutboundDelivery;
import nl.naadloos.platform.BlobStore;
import nl.naadloos.platform.Channel;

/**
 * Turns a stored mail (its .eml in the blob store) into an inbound envelope: sender, subject, the first
 * plain-text and HTML bodies (HTML sanitised, text derived from it when there is none), files into the
 * blob store, and {@code In-Reply-To}/{@code References} as the reply reference.
 */
@Component
class EmailParser implements InboundParser {

	/** Files larger than this are refused; the mail itself is still taken in and says which. */
	static final long MAX_ATTACHMENT_BYTES = 25L * 1024 * 1024;

	static final int MAX_TEXT = 20_000;

	private static final Pattern MESSAGE_ID = Pattern.compile("<[^<>\\s]+>");

	private static final Pattern NUMBER_TOKEN = Pattern.compile("\\[#(\\d{1,18})\\]");

	private static final Pattern ORIGINAL_ID = Pattern.compile("(?im)^Message-ID:\\s*(<[^<>\\s]+>)");

	private static final Pattern FINAL_RECIPIENT = Pattern.compile("(?im)^Final-Recipient:\\s*[^;]*;\\s*(\\S+@\\S+)");

	private static final Pattern DIAGNOSTIC = Pattern.compile("(?im)^Diagnostic-Code:\\s*[^;]*;\\s*(.+)$");

	private static final Pattern STATUS = Pattern.compile("(?im)^Status:\\s*([245]\\.\\d{1,3}\\.\\d{1,3})");

	/** Addresses no person reads: never acknowledged. */
	private static final Pattern MACHINE_SENDER = Pattern
		.compile("^(mailer-daemon|postmaster|no-?reply|do-?not-?reply|bounce[s]?)[@+.-]", Pattern.CASE_INSENSITIVE);

	static final java.time.Duration ACKNOWLEDGE_AT_MOST_EVERY = java.time.Duration.ofHours(1);

	private static final List<String> AUTOMATIC_SUBJECTS = List.of("automatic reply:", "auto-reply:", "autoreply:",
			"out of office", "automatisch antwoord:", "afwezig:", "afwezigheidsbericht", "undeliverable:",
			"delivery status notification", "onbestelbaar:");

	/** Formatting, blocks, tables and links; no scripts, handlers, forms or (remote) images. */
	private static final PolicyFactory HTML = Sanitizers.FORMATTING.and(Sanitizers.BLOCKS)
		.and(Sanitizers.LINKS)
		.and(Sanitizers.TABLES)
		.and(new HtmlPolicyBuilder().allowElements("br", "hr", "span", "div").toFactory());

	private final BlobStore blobs;

	private final JsonMapper json;

	private final OutboundDelivery delivery;

	private final ConversationInbox inbox;

	private final MessageSource texts;

	EmailParser(BlobStore blobs, JsonMapper json, OutboundDelivery delivery, ConversationInbox inbox,
			MessageSource texts) {
		this.blobs = blobs;
		this.json = json;
		this.delivery = delivery;
		this.inbox = inbox;
		this.texts = texts;
	}

	/**
	 * Acknowledges a new conversation when the mailbox asks for it: never to automatic mail, never to an
	 * address that looks like a machine or to the mailbox itself, and at most once an hour per address.
	 */
	@Override
	public void afterReceive(InboundEnvelope envelope, InboundResult result, ChannelAccount account,
			Map<String, Object> settings) {
		String sender = envelope.sender().primaryAddress().toLowerCase(Locale.ROOT);
		if (!result.newConversation() || envelope.automated() || !Boolean.TRUE.equals(settings.get("acknowledge"))
				|| sender.equals(settings.get("address")) || MACHINE_SENDER.matcher(sender).find()) {
			return;
		}
		Locale language = Locale.forLanguageTag((String) settings.getOrDefault("acknowledgeLanguage", "en"));
		String text = this.texts.getMessage("email.acknowledgement",
				new Object[] { "#" + result.conversationNumber() }, language);
		this.inbox.acknowledge(result.messageId(), text, ACKNOWLEDGE_AT_MOST_EVERY);
	}

	@Override
	public Channel channel() {
		return Channel.EMAIL;
	}

	@Override
	public InboundEnvelope envelope(InboundEvent event, ChannelAccount account, Map<String, Object> settings) {
		JsonNode payload = this.json.readTree(event.payload());
		try (InputStream eml = this.blobs.open(payload.path("eml").asString())) {
			MimeMessage mail = new MimeMessage(Session.getInstance(new Properties()), eml);
			Bounce bounce = mail.isMimeType("multipart/report") ? bounce(mail) : null;
			InternetAddress from = bounce != null && bounce.recipient() != null
					? new InternetAddress(bounce.recipient().toLowerCase(Locale.ROOT)) : from(mail);
			Bodies bodies = new Bodies();
			walk(mail, bodies);
			String html = bodies.html == null ? null : HTML.sanitize(bodies.html);
			String full = bodies.text != null ? bodies.text : html != null ? Jsoup.parse(html).wholeText() : "";
			// Agents see what the customer wrote now; the quoted history stays in the original.
			String text = ReplyExtractor.newText(full);
			if (html == null && !text.equals(full.strip())) {
				html = "<pre>" + HtmlUtils.htmlEscape(full) + "</pre>";
			}
			for (String refused : bodies.refused) {
				text = text + "\n\n[" + refused + "]";
			}
			String replyTo = replyTo(mail);
			if (bounce != null && bounce.originalMessageId() != null) {
				// The reply that bounced is marked failed, and the bounce is recorded in its conversation.
				this.delivery.recordBounce(account.id(), bounce.originalMessageId(), bounce.reason());
				replyTo = bounce.originalMessageId();
				text = "[" + bounce.reason() + "]\n\n" + text;
			}
			if (text.isBlank()) {
				text = bodies.files.isEmpty() ? "(no text)" : "(files only)";
			}
			if (text.length() > MAX_TEXT) {
				text = text.substring(0, MAX_TEXT - 80) + "\n\n[… shortened; the full mail is kept as the original]";
			}
			SenderHints sender = new SenderHints(Channel.EMAIL.key(), account.id(), IdentityKind.EMAIL, from.getAddress(),
					from.getPersonal(), null, null, false, null);
			Instant sentAt = mail.getSentDate() == null ? event.receivedAt() : mail.getSentDate().toInstant();
			return new InboundEnvelope(Channel.EMAIL, account.id(), sender, event.providerId(), mail.getSubject(),
					text.replace("\u0000", ""), html, sentAt, replyTo, bodies.files, conversationNumber(mail.getSubject()),
					bounce != null || automated(mail));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (MessagingException ex) {
			throw new IllegalStateException("The stored mail cannot be read: " + ex.getMessage(), ex);
		}
	}

	/**
	 * Whether a machine sent it (RFC 3834 {@code Auto-Submitted}, the usual auto-reply and mailing-list
	 * headers, out-of-office subjects in English and Dutch): such mail never reopens work or gets an answer.
	 */
	static boolean automated(MimeMessage mail) throws MessagingException {
		String submitted = mail.getHeader("Auto-Submitted", ",");
		if (submitted != null && !submitted.strip().toLowerCase(Locale.ROOT).startsWith("no")) {
			return true;
		}
		String precedence = mail.getHeader("Precedence", ",");
		if (precedence != null && List.of("bulk", "junk", "list", "auto_reply")
			.contains(precedence.strip().toLowerCase(Locale.ROOT))) {
			return true;
		}
		for (String header : List.of("X-Autoreply", "X-Autorespond", "X-Loop", "List-Unsubscribe", "List-Id")) {
			if (mail.getHeader(header) != null) {
				return true;
			}
		}
		String subject = mail.getSubject() == null ? "" : mail.getSubject().strip().toLowerCase(Locale.ROOT);
		return AUTOMATIC_SUBJECTS.stream().anyMatch(subject::startsWith);
	}

	/** What a delivery report (RFC 3464) says: whose mail bounced, to whom, and why. */
	private static @Nullable Bounce bounce(MimeMessage mail) throws MessagingException, IOException {
		if (!(mail.getContent() instanceof Multipart report)) {
			return null;
		}
		StringBuilder status = new StringBuilder();
		StringBuilder original = new StringBuilder();
		for (int i = 0; i < report.getCount(); i++) {
			BodyPart part = report.getBodyPart(i);
			if (part.isMimeType("message/delivery-status")) {
				status.append(read(part));
			}
			else if (part.isMimeType("message/rfc822") || part.isMimeType("text/rfc822-headers")) {
				original.append(read(part));
			}
		}
		if (status.isEmpty()) {
			return null;
		}
		Matcher id = ORIGINAL_ID.matcher(original);
		Matcher recipient = FINAL_RECIPIENT.matcher(status);
		Matcher diagnostic = DIAGNOSTIC.matcher(status);
		Matcher code = STATUS.matcher(status);
		String reason = "Bounced" + (recipient.find() ? " for " + recipient.group(1).strip() : "")
				+ (diagnostic.find() ? ": " + diagnostic.group(1).strip() : code.find() ? ": status " + code.group(1) : "");
		recipient.reset();
		return new Bounce(id.find() ? id.group(1) : null, recipient.find() ? recipient.group(1).strip() : null, reason);
	}

	private static String read(Part part) throws MessagingException, IOException {
		try (InputStream in = part.getInputStream()) {
			return new String(in.readNBytes(64 * 1024), java.nio.charset.StandardCharsets.UTF_8);
		}
	}

	private record Bounce(@Nullable String originalMessageId, @Nullable String recipient, String reason) {
	}

	private static InternetAddress from(MimeMessage mail) throws MessagingException, IOException {
		jakarta.mail.Address[] from = mail.getFrom();
		if (from == null || from.length == 0 || !(from[0] instanceof InternetAddress address)
				|| address.getAddress() == null || !address.getAddress().contains("@")) {
			throw new IllegalStateException("The mail has no sender address to reply to.");
		}
		return new InternetAddress(address.getAddress().toLowerCase(Locale.ROOT), address.getPersonal(), "UTF-8");
	}

	/** The number in a {@code [#1042]} token of the subject, as our replies carry it. */
	static @Nullable Long conversationNumber(@Nullable String subject) {
		if (subject == null) {
			return null;
		}
		Matcher matcher = NUMBER_TOKEN.matcher(subject);
		return matcher.find() ? Long.valueOf(matcher.group(1)) : null;
	}

	/** The message this mail answers: In-Reply-To, else the last of References. */
	static @Nullable String replyTo(MimeMessage mail) throws MessagingException {
		String inReplyTo = firstId(mail.getHeader("In-Reply-To", " "));
		if (inReplyTo != null) {
			return inReplyTo;
		}
		String references = mail.getHeader("References", " ");
		if (references == null) {
			return null;
		}
		String last = null;
		Matcher matcher = MESSAGE_ID.matcher(references);
		while (matcher.find()) {
			last = matcher.group();
		}
		return last;
	}

	private static @Nullable String firstId(@Nullable String header) {
		if (header == null) {
			return null;
		}
		Matcher matcher = MESSAGE_ID.matcher(header);
		return matcher.find() ? matcher.group() : null;
	}

	/** Collects the first text and HTML bodies and stores every file, at any depth. */
	private void walk(Part part, Bodies bodies) throws MessagingException, IOException {
		String disposition = part.getDisposition();
		String fileName = part.getFileName();
		boolean file = Part.ATTACHMENT.equalsIgnoreCase(disposition) || (fileName != null && !part.isMimeType("multipart/*"));
		if (part.isMimeType("multipart/*") && part.getContent() instanceof Multipart multipart) {
			for (int i = 0; i < multipart.getCount(); i++) {
				BodyPart child = multipart.getBodyPart(i);
				walk(child, bodies);
			}
		}
		else if (!file && part.isMimeType("text/plain") && bodies.text == null) {
			bodies.text = part.getContent().toString();
		}
		else if (!file && part.isMimeType("text/html") && bodies.html == null) {
			bodies.html = part.getContent().toString();
		}
		else if (file || !part.isMimeType("text/*")) {
			String name = ApiChannelParser.fileName(fileName == null ? "attachment" : fileName);
			String type = part.getContentType() == null ? "application/octet-stream"
					: part.getContentType().split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
			try (InputStream content = part.getInputStream()) {
				BlobStore.Stored stored = this.blobs.put(content, MAX_ATTACHMENT_BYTES);
				bodies.files.add(new InboundAttachment(name, type, stored.size(), stored.sha256()));
			}
			catch (BlobStore.TooLarge tooLarge) {
				bodies.refused.add("File " + name + " was refused: larger than " + (MAX_ATTACHMENT_BYTES / 1024 / 1024) + " MB");
			}
		}
	}

	private static final class Bodies {

		@Nullable String text;

		@Nullable String html;

		final List<InboundAttachment> files = new ArrayList<>();

		final List<String> refused = new ArrayList<>();

	}

}
