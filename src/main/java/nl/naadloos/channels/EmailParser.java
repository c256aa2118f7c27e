package nl.naadloos.channels;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.SharedInputStream;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.util.HtmlUtils;

import nl.naadloos.contacts.IdentityKind;
import nl.naadloos.contacts.SenderHints;
import nl.naadloos.conversations.ConversationInbox;
import nl.naadloos.conversations.InboundEnvelope;
import nl.naadloos.conversations.InboundResult;
import nl.naadloos.conversations.OutboundDelivery;
import nl.naadloos.platform.BlobStore;
import nl.naadloos.platform.Channel;

/**
 * Turns a stored mail (its .eml in the blob store) into an inbound envelope, the way an agent needs to read
 * it whatever client sent it: sender, subject, what the customer wrote now (quoted history apart), the HTML
 * sanitised with remote images blocked and inline {@code cid:} images kept, files into the blob store,
 * forwarded mails shown as forwarded blocks, and {@code In-Reply-To}/{@code References} as the reply
 * reference.
 * <p>
 * The mail is parsed in place from its file (a {@link SharedInputStream}): parts are read one by one and
 * files are copied part by part into the blob store, so a mail is never held whole in memory. Wrong or
 * missing character sets are decoded the way mail clients do (ISO-8859-1 as its superset windows-1252,
 * undeclared 8-bit text as UTF-8 when valid, else windows-1252), and an unknown one never stops the mail.
 * <p>
 * This class assembles the envelope: the MIME walk, the sender, threading and the acknowledgement. The
 * details are its helpers': {@link MailReading} (reading in place), {@link MailParts} (what a part says,
 * leniently), {@link MailText} (charsets and headers), {@link MailHtml} (sanitising, HTML as text),
 * {@link MailFiles} (files into the blob store) and {@link AutomatedMail} (bounces and auto-replies).
 */
@Component
class EmailParser implements InboundParser {

	static final int MAX_TEXT = 20_000;

	/** Deeper nesting (multiparts in multiparts, forwards in forwards) is kept as files, not walked. */
	private static final int MAX_DEPTH = 20;

	/** Parts read from one mail at most (real mail has a handful; a few hundred with many photos). */
	static final int MAX_PARTS = 500;

	/** Text of one mail that is looked at for the new text and shown (the original keeps everything). */
	static final int MAX_FULL_TEXT = 200_000;

	private static final int MAX_FORWARD_DEPTH = 5;

	private static final String FORWARDED = "---------- Forwarded message ----------";

	private static final Pattern MESSAGE_ID = Pattern.compile("<[^<>\\s]+>");

	/** Longest sender name kept; longer ones are cut. */
	static final int MAX_NAME = 200;

	private static final Pattern NUMBER_TOKEN = Pattern.compile("\\[#(\\d{1,18})\\]");

	static final java.time.Duration ACKNOWLEDGE_AT_MOST_EVERY = java.time.Duration.ofHours(1);

	/** Subjects of forwards ("Fwd:", Outlook's "FW:", Dutch "Doorst:"): their quoted-looking body is the point. */
	private static final Pattern FORWARD_SUBJECT = Pattern.compile("(?i)^\\s*(fwd?|fw|doorst|tr|wg)\\s*:");

	private final BlobStore blobs;

	private final JsonMapper json;

	private final OutboundDelivery delivery;

	private final ConversationInbox inbox;

	private final MessageSource texts;

	private final MailFiles files;

	EmailParser(BlobStore blobs, JsonMapper json, OutboundDelivery delivery, ConversationInbox inbox,
			MessageSource texts, @Value("${naadloos.channels.email.max-attachment-size:25MB}") DataSize maxAttachmentSize) {
		this.blobs = blobs;
		this.json = json;
		this.delivery = delivery;
		this.inbox = inbox;
		this.texts = texts;
		this.files = new MailFiles(blobs, maxAttachmentSize);
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
				|| sender.equals(settings.get("address")) || AutomatedMail.isMachineAddress(sender)) {
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
		String eml = payload.path("eml").asString();
		try (MailReading reading = new MailReading()) {
			MimeMessage mail = reading.open(this.blobs.file(eml));
			return envelope(mail, reading, event, account, settings);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("The stored mail " + eml + " cannot be read", ex);
		}
		catch (MessagingException ex) {
			throw new IllegalStateException("The stored mail " + eml + " cannot be read: " + ex.getMessage(), ex);
		}
	}

	private InboundEnvelope envelope(MimeMessage mail, MailReading reading, InboundEvent event, ChannelAccount account,
			Map<String, Object> settings) throws MessagingException, IOException {
		String subject = MailParts.header(mail, "Subject");
		AutomatedMail.Bounce bounce = MailParts.isType(mail, "multipart/report") ? AutomatedMail.bounce(mail)
				: null;
		Sender from = bounce != null && bounce.recipient() != null
				? new Sender(bounce.recipient().toLowerCase(Locale.ROOT), null) : sender(mail, settings);
		List<Forwarded> forwards = new ArrayList<>();
		Body body = body(mail, reading, forwards, 0, 0);
		String full = body.text() != null ? body.text() : body.html() != null ? MailHtml.text(body.html()) : "";
		// iPhones put zero-width no-break spaces in quoted and forwarded text.
		full = full.replace("\r\n", "\n").replace('\r', '\n').replace("\uFEFF", "");
		if (full.length() > MAX_FULL_TEXT) {
			// Nobody writes more than this by hand; the rest stays in the original.
			full = full.substring(0, MAX_FULL_TEXT);
		}
		// Agents see what the customer wrote now; the quoted history stays in the HTML and the original.
		boolean forward = subject != null && FORWARD_SUBJECT.matcher(subject).find();
		String text = ReplyExtractor.newText(full, forward);
		String html = body.html();
		if (html == null && !text.replaceAll("\\s+", " ").equals(full.strip().replaceAll("\\s+", " "))) {
			// The full text stays readable: what was left out of the text is in the HTML.
			html = "<pre>" + HtmlUtils.htmlEscape(full) + "</pre>";
		}
		if (!forwards.isEmpty()) {
			StringBuilder blocks = new StringBuilder(text);
			forwards.forEach(f -> f.appendText(blocks));
			text = blocks.toString().strip();
			if (html != null || forwards.stream().anyMatch(Forwarded::hasHtml)) {
				StringBuilder rich = new StringBuilder(
						html != null ? html : "<pre>" + HtmlUtils.htmlEscape(full) + "</pre>");
				forwards.forEach(f -> f.appendHtml(rich));
				html = rich.toString();
			}
		}
		html = html == null ? null : MailHtml.sanitise(html);
		for (String refused : reading.refused) {
			text = text + "\n\n[" + refused + "]";
		}
		if (reading.skipped > 0) {
			text = text + "\n\n[" + reading.skipped + " more parts of this mail were not read; they are in the original]";
		}
		String replyTo = replyTo(mail);
		if (bounce != null && bounce.originalMessageId() != null) {
			// The reply that bounced is marked failed, and the bounce is recorded in its conversation.
			this.delivery.recordBounce(account.id(), bounce.originalMessageId(), bounce.reason());
			replyTo = bounce.originalMessageId();
		}
		if (bounce != null) {
			text = "[" + bounce.reason() + "]\n\n" + text;
		}
		if (text.isBlank()) {
			text = reading.files.isEmpty() ? "(no text)" : "(files only)";
		}
		if (text.length() > MAX_TEXT) {
			text = text.substring(0, MAX_TEXT - 80) + "\n\n[… shortened; the full mail is kept as the original]";
		}
		SenderHints sender = new SenderHints(Channel.EMAIL.key(), account.id(), IdentityKind.EMAIL, from.address(),
				from.name(), null, null, false, null);
		Instant sentAt = sentAt(mail, event.receivedAt());
		return new InboundEnvelope(Channel.EMAIL, account.id(), sender, event.providerId(), subject,
				text.replace("\u0000", ""), html == null ? null : html.replace("\u0000", ""), sentAt, replyTo,
				MailFiles.inlineMarked(reading.files, html), conversationNumber(subject),
				bounce != null || AutomatedMail.automated(mail, subject));
	}

	private static Instant sentAt(MimeMessage mail, Instant received) {
		try {
			return mail.getSentDate() == null ? received : mail.getSentDate().toInstant();
		}
		catch (MessagingException unreadableDate) {
			return received;
		}
	}

	private record Sender(String address, @Nullable String name) {
	}

	/**
	 * Who wrote it: the From address, unless that is a machine or the mailbox itself (a web shop's contact
	 * form sends as "noreply@" or as the shop) and Reply-To names someone else: then that person.
	 */
	private static Sender sender(MimeMessage mail, Map<String, Object> settings) throws MessagingException {
		Sender from = firstAddress(mail.getHeader("From", ","));
		if (from == null) {
			from = firstAddress(mail.getHeader("Sender", ","));
		}
		if (from == null) {
			throw new IllegalStateException("The mail has no sender address to reply to.");
		}
		Object mailbox = settings.get("address");
		boolean machine = AutomatedMail.isMachineAddress(from.address())
				|| (mailbox instanceof String own && own.equalsIgnoreCase(from.address()));
		if (machine) {
			Sender replyTo = firstAddress(mail.getHeader("Reply-To", ","));
			if (replyTo != null && !replyTo.address().equals(from.address())
					&& !AutomatedMail.isMachineAddress(replyTo.address())) {
				return replyTo;
			}
		}
		return from;
	}

	/** The first mailbox of an address header, its display name decoded (RFC 2047, raw 8-bit). */
	/** The name before {@code <address>} in the first entry of an address header, unquoted; {@code null} if none. */
	static @Nullable String rawName(String header, String address) {
		int at = header.indexOf(address);
		int open = at < 0 ? -1 : header.lastIndexOf('<', at);
		if (open < 0 || !header.substring(open + 1, at).isBlank()) {
			return null;
		}
		String name = header.substring(0, open).strip();
		int comma = name.lastIndexOf(',');
		if (comma >= 0 && !name.startsWith("\"")) {
			name = name.substring(comma + 1).strip();
		}
		if (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) {
			StringBuilder unquoted = new StringBuilder(name.length());
			for (int i = 1; i < name.length() - 1; i++) {
				char c = name.charAt(i);
				if (c == '\\' && i + 1 < name.length() - 1) {
					c = name.charAt(++i);
				}
				unquoted.append(c);
			}
			name = unquoted.toString();
		}
		return name.isEmpty() ? null : name;
	}

	private static @Nullable Sender firstAddress(@Nullable String raw) {
		if (raw == null || raw.isBlank()) {
			return null;
		}
		String header = MailText.unfold(raw);
		InternetAddress first = null;
		try {
			for (InternetAddress address : InternetAddress.parseHeader(header, false)) {
				if (address.getAddress() != null && address.getAddress().contains("@")) {
					first = address;
					break;
				}
			}
		}
		catch (AddressException unparsable) {
			Matcher bare = Pattern.compile("[^\\s<>\"',;:()]+@[^\\s<>\"',;:()]+\\.[^\\s<>\"',;:()]+").matcher(header);
			return bare.find() ? new Sender(bare.group().toLowerCase(Locale.ROOT), null) : null;
		}
		if (first == null) {
			return null;
		}
		String address = first.getAddress().strip().toLowerCase(Locale.ROOT);
		String name = null;
		// The name as written before "<address>" (so raw 8-bit and split encoded words are decoded our way);
		// found by scanning, not by a regular expression, which a name of thousands of characters overflows.
		String written = rawName(header, first.getAddress());
		if (written != null) {
			name = written;
		}
		else if (first.getPersonal() != null) {
			name = first.getPersonal();
		}
		if (name != null && name.length() > MAX_NAME) {
			name = name.substring(0, MAX_NAME);
		}
		name = name == null ? null : MailText.decodeHeader(name);
		if (name != null) {
			name = name.strip();
			if (name.length() > 1 && name.startsWith("'") && name.endsWith("'")) {
				name = name.substring(1, name.length() - 1).strip();
			}
		}
		return new Sender(address, name == null || name.isBlank() || name.equalsIgnoreCase(address) ? null : name);
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

	// --- the parts of a mail ---------------------------------------------------------------------------

	/** The text and HTML a part holds (either may be missing). */
	private record Body(@Nullable String text, @Nullable String html) {

		static final Body NONE = new Body(null, null);

		boolean isEmpty() {
			return this.text == null && this.html == null;
		}

	}

	/**
	 * Reads a part and everything in it: the text and HTML to show, files into the blob store, forwarded
	 * mails into {@code forwards}.
	 */
	private Body body(Part part, MailReading reading, List<Forwarded> forwards, int depth, int forwardDepth)
			throws MessagingException, IOException {
		String type = MailParts.baseType(part);
		if (++reading.parts > MAX_PARTS) {
			// A mail of thousands of parts is built to exhaust us; what is past the limit stays in the original.
			reading.skipped++;
			return Body.NONE;
		}
		if (depth > MAX_DEPTH) {
			this.files.store(part, type, reading);
			return Body.NONE;
		}
		if (type.startsWith("multipart/")) {
			Multipart multipart = MailParts.multipart(part);
			if (multipart == null) {
				// A multipart that cannot be split: whatever text it holds is still shown.
				return new Body(MailText.decode(MailParts.bytes(part), MailParts.charset(part)), null);
			}
			return switch (type) {
				case "multipart/alternative" -> alternative(multipart, reading, forwards, depth, forwardDepth);
				case "multipart/report" -> multipart.getCount() == 0 ? Body.NONE
						: body(multipart.getBodyPart(0), reading, forwards, depth + 1, forwardDepth);
				case "multipart/signed" -> multipart.getCount() == 0 ? Body.NONE
						: body(multipart.getBodyPart(0), reading, forwards, depth + 1, forwardDepth);
				default -> mixed(multipart, reading, forwards, depth, forwardDepth);
			};
		}
		if (type.equals("message/rfc822") && forwardDepth < MAX_FORWARD_DEPTH) {
			forward(part, reading, forwards, depth, forwardDepth);
			return Body.NONE;
		}
		boolean file = Part.ATTACHMENT.equalsIgnoreCase(MailParts.disposition(part))
				|| MailParts.fileName(part) != null;
		if (!file && type.equals("text/plain")) {
			String text = MailText.decode(MailParts.bytes(part), MailParts.charset(part));
			return new Body(MailParts.isFlowed(part) ? MailText.unflow(text, MailParts.isDelSp(part)) : text, null);
		}
		if (!file && type.equals("text/html")) {
			byte[] bytes = MailParts.bytes(part);
			String charset = MailParts.charset(part);
			if (charset == null) {
				charset = MailText.metaCharset(bytes);
			}
			return new Body(null, MailText.decode(bytes, charset));
		}
		if (!file && (type.equals("text/rfc822-headers") || (type.startsWith("message/") && !type.equals("message/rfc822")))) {
			return Body.NONE; // parts of reports, never something to show or download
		}
		this.files.store(part, type, reading);
		return Body.NONE;
	}

	/** The best of each: the plain text the sender wrote, and the richest HTML (the last one). */
	private Body alternative(Multipart multipart, MailReading reading, List<Forwarded> forwards, int depth,
			int forwardDepth) throws MessagingException, IOException {
		String text = null;
		String html = null;
		for (int i = 0; i < multipart.getCount(); i++) {
			Body child = body(multipart.getBodyPart(i), reading, forwards, depth + 1, forwardDepth);
			if (text == null && child.text() != null) {
				text = child.text();
			}
			if (child.html() != null) {
				html = child.html();
			}
		}
		return new Body(text, html);
	}

	/**
	 * Every part in order (mixed, related, and any unknown multipart): Apple Mail splits a body around an
	 * inline file, and mailing lists add a footer part, so every body part counts, not only the first.
	 */
	private Body mixed(Multipart multipart, MailReading reading, List<Forwarded> forwards, int depth, int forwardDepth)
			throws MessagingException, IOException {
		List<Body> bodies = new ArrayList<>();
		for (int i = 0; i < multipart.getCount(); i++) {
			Body child = body(multipart.getBodyPart(i), reading, forwards, depth + 1, forwardDepth);
			if (!child.isEmpty()) {
				bodies.add(child);
			}
		}
		if (bodies.size() <= 1) {
			return bodies.isEmpty() ? Body.NONE : bodies.get(0);
		}
		boolean anyHtml = bodies.stream().anyMatch(b -> b.html() != null);
		StringBuilder text = new StringBuilder();
		StringBuilder html = new StringBuilder();
		for (Body child : bodies) {
			String part = child.text() != null ? child.text() : MailHtml.text(child.html());
			text.append(text.isEmpty() ? "" : "\n\n").append(part.strip());
			if (anyHtml) {
				html.append(child.html() != null ? child.html() : "<pre>" + HtmlUtils.htmlEscape(child.text()) + "</pre>")
					.append('\n');
			}
		}
		return new Body(text.toString(), anyHtml ? html.toString() : null);
	}

	/**
	 * A mail forwarded as an attachment (message/rfc822): kept as its .eml, its own files kept, and shown as
	 * a forwarded block with its From, Date, Subject, To and text.
	 */
	private void forward(Part part, MailReading reading, List<Forwarded> forwards, int depth, int forwardDepth)
			throws MessagingException, IOException {
		String given = MailParts.fileName(part);
		BlobStore.Stored stored = this.files.storeMessage(part, given, reading);
		if (stored == null) {
			return;
		}
		MimeMessage inner = reading.open(this.blobs.file(stored.sha256()));
		String subject = MailParts.header(inner, "Subject");
		String name = given != null ? given
				: ApiChannelParser.fileName((subject == null || subject.isBlank() ? "forwarded message"
						: subject.replaceAll("[\\\\/:*?\"<>|]", "_")) + ".eml");
		reading.files.add(new MailFiles.Found(name, "message/rfc822", stored.size(), stored.sha256(), null));
		List<Forwarded> nested = new ArrayList<>();
		Body body = body(inner, reading, nested, depth + 1, forwardDepth + 1);
		forwards.add(new Forwarded(addresses(inner.getHeader("From", ",")), MailParts.header(inner, "Date"),
				subject, addresses(inner.getHeader("To", ",")), body, nested));
	}

	/** The addresses of a header as people read them: "Name &lt;address&gt;, …". */
	private static @Nullable String addresses(@Nullable String raw) {
		if (raw == null) {
			return null;
		}
		try {
			List<String> shown = new ArrayList<>();
			for (InternetAddress address : InternetAddress.parseHeader(MailText.unfold(raw), false)) {
				String name = address.getPersonal() == null ? null : MailText.decodeHeader(address.getPersonal());
				shown.add(name == null || name.isBlank() ? address.getAddress() : name + " <" + address.getAddress() + ">");
			}
			return String.join(", ", shown);
		}
		catch (AddressException unparsable) {
			return MailText.decodeHeader(raw);
		}
	}

	/** A mail forwarded as an attachment, as the agent sees it below the forwarding text. */
	private record Forwarded(@Nullable String from, @Nullable String date, @Nullable String subject,
			@Nullable String to, Body body, List<Forwarded> nested) {

		boolean hasHtml() {
			return this.body.html() != null || this.nested.stream().anyMatch(Forwarded::hasHtml);
		}

		void appendText(StringBuilder out) {
			out.append("\n\n").append(FORWARDED).append('\n');
			header(out, "From", this.from, "\n");
			header(out, "Date", this.date, "\n");
			header(out, "Subject", this.subject, "\n");
			header(out, "To", this.to, "\n");
			String text = this.body.text() != null ? this.body.text()
					: this.body.html() != null ? MailHtml.text(this.body.html()) : "";
			out.append('\n').append(text.replace("\r\n", "\n").strip());
			this.nested.forEach(n -> n.appendText(out));
		}

		void appendHtml(StringBuilder out) {
			out.append("<hr><blockquote><p><b>Forwarded message</b><br>");
			header(out, "From", this.from, "<br>");
			header(out, "Date", this.date, "<br>");
			header(out, "Subject", this.subject, "<br>");
			header(out, "To", this.to, "<br>");
			out.append("</p>");
			if (this.body.html() != null) {
				out.append("<div>").append(this.body.html()).append("</div>");
			}
			else if (this.body.text() != null) {
				out.append("<pre>").append(HtmlUtils.htmlEscape(this.body.text())).append("</pre>");
			}
			this.nested.forEach(n -> n.appendHtml(out));
			out.append("</blockquote>");
		}

		private static void header(StringBuilder out, String label, @Nullable String value, String end) {
			if (value != null && !value.isBlank()) {
				out.append(label)
					.append(": ")
					.append(end.equals("\n") ? value : HtmlUtils.htmlEscape(value))
					.append(end);
			}
		}

	}

}
