package nl.naadloos.channels;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimePart;
import jakarta.mail.internet.MimeUtility;
import jakarta.mail.internet.SharedInputStream;
import org.jspecify.annotations.Nullable;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.owasp.html.HtmlPolicyBuilder;
import org.owasp.html.PolicyFactory;
import org.owasp.html.Sanitizers;
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
import nl.naadloos.conversations.InboundAttachment;
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
 */
@Component
class EmailParser implements InboundParser {

	/** Files larger than this are refused by default; the mail itself is still taken in and says which. */
	static final long MAX_ATTACHMENT_BYTES = 25L * 1024 * 1024;

	static final int MAX_TEXT = 20_000;

	/** The HTML column's size; longer HTML is shortened before it is sanitised. */
	static final int MAX_HTML = 1_000_000;

	/** At most this much of one text or HTML body is read (encoded); the rest stays in the original. */
	private static final int MAX_BODY_BYTES = 4 * 1024 * 1024;

	/** Deeper nesting (multiparts in multiparts, forwards in forwards) is kept as files, not walked. */
	private static final int MAX_DEPTH = 20;

	private static final int MAX_FORWARD_DEPTH = 5;

	private static final String FORWARDED = "---------- Forwarded message ----------";

	private static final Pattern MESSAGE_ID = Pattern.compile("<[^<>\\s]+>");

	private static final Pattern NUMBER_TOKEN = Pattern.compile("\\[#(\\d{1,18})\\]");

	private static final Pattern ORIGINAL_ID = Pattern.compile("(?im)^Message-ID:\\s*(<[^<>\\s]+>)");

	private static final Pattern FINAL_RECIPIENT = Pattern.compile("(?im)^Final-Recipient:\\s*[^;]*;\\s*(\\S+@\\S+)");

	private static final Pattern DIAGNOSTIC = Pattern.compile("(?im)^Diagnostic-Code:\\s*[^;]*;\\s*(.+)$");

	private static final Pattern STATUS = Pattern.compile("(?im)^Status:\\s*([245]\\.\\d{1,3}\\.\\d{1,3})");

	/** Addresses no person reads: never acknowledged. */
	private static final Pattern MACHINE_SENDER = Pattern
		.compile("^(mailer-daemon|postmaster|no-?reply|do-?not-?reply|bounce[s]?)[@+.-]", Pattern.CASE_INSENSITIVE);

	/** Mail servers reporting on delivery: what they send is always automatic. */
	private static final Pattern DAEMON_SENDER = Pattern.compile("^(mailer-daemon|postmaster)@",
			Pattern.CASE_INSENSITIVE);

	static final java.time.Duration ACKNOWLEDGE_AT_MOST_EVERY = java.time.Duration.ofHours(1);

	private static final List<String> AUTOMATIC_SUBJECTS = List.of("automatic reply:", "auto-reply:", "autoreply:",
			"out of office", "automatisch antwoord:", "afwezig:", "afwezigheidsbericht", "undeliverable:",
			"delivery status notification", "onbestelbaar:", "niet bezorgd:", "undelivered mail returned to sender");

	/** Subjects of forwards ("Fwd:", Outlook's "FW:", Dutch "Doorst:"): their quoted-looking body is the point. */
	private static final Pattern FORWARD_SUBJECT = Pattern.compile("(?i)^\\s*(fwd?|fw|doorst|tr|wg)\\s*:");

	/** An RFC 2047 encoded-word: =?charset?B|Q?text?= (a language after "*" is allowed and ignored). */
	private static final Pattern ENCODED_WORD = Pattern.compile("=\\?([^?\\s]+)\\?([BbQq])\\?([^?\\s]*)\\?=");

	private static final Pattern META_CHARSET = Pattern
		.compile("(?i)<meta[^>]{0,200}?charset\\s*=\\s*[\"']?\\s*([A-Za-z0-9._:-]{1,40})");

	private static final Pattern CHARSET_PARAMETER = Pattern
		.compile("(?i);\\s*charset\\s*=\\s*(?:\"([^\"]*)\"|([^\\s;]+))");

	private static final Pattern CID_SOURCE = Pattern.compile("src=\"cid:([^\"]*)\"");

	private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

	/** Types a browser shows inline: a file declared as one of these must really be one. */
	private static final Set<String> SHOWN_TYPES = Set.of("image/png", "image/jpeg", "image/gif", "image/webp",
			"application/pdf");

	/**
	 * Formatting, blocks, tables and links; no scripts, handlers, forms or styles. Images stay only as
	 * {@code cid:} parts of the mail; remote ones ({@code http(s)}) get their address in
	 * {@code data-remote-src} so nothing loads until an agent asks for them; anything else is dropped.
	 */
	private static final PolicyFactory HTML = Sanitizers.FORMATTING.and(Sanitizers.BLOCKS)
		.and(Sanitizers.LINKS)
		.and(Sanitizers.TABLES)
		.and(new HtmlPolicyBuilder().allowElements("br", "hr", "span", "div", "pre")
			.allowUrlProtocols("cid", "http", "https")
			.allowAttributes("src")
			.matching((element, attribute, value) -> value.regionMatches(true, 0, "cid:", 0, 4)
					|| value.matches("(?i)^(https?:)?//[^\\s]+$") ? value : null)
			.onElements("img")
			.allowAttributes("alt", "title")
			.onElements("img")
			.allowElements((element, attributes) -> {
				for (int i = 0; i < attributes.size(); i += 2) {
					String value = attributes.get(i + 1);
					if ("src".equals(attributes.get(i)) && !value.regionMatches(true, 0, "cid:", 0, 4)) {
						attributes.set(i, "data-remote-src");
						attributes.set(i + 1, value.startsWith("//") ? "https:" + value : value);
					}
				}
				return attributes.contains("src") || attributes.contains("data-remote-src") ? element : null;
			}, "img")
			.toFactory());

	private final BlobStore blobs;

	private final JsonMapper json;

	private final OutboundDelivery delivery;

	private final ConversationInbox inbox;

	private final MessageSource texts;

	private final DataSize maxAttachmentSize;

	EmailParser(BlobStore blobs, JsonMapper json, OutboundDelivery delivery, ConversationInbox inbox,
			MessageSource texts, @Value("${naadloos.channels.email.max-attachment-size:25MB}") DataSize maxAttachmentSize) {
		this.blobs = blobs;
		this.json = json;
		this.delivery = delivery;
		this.inbox = inbox;
		this.texts = texts;
		this.maxAttachmentSize = maxAttachmentSize;
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
		String eml = payload.path("eml").asString();
		try (Reading reading = new Reading()) {
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

	private InboundEnvelope envelope(MimeMessage mail, Reading reading, InboundEvent event, ChannelAccount account,
			Map<String, Object> settings) throws MessagingException, IOException {
		String subject = header(mail, "Subject");
		Bounce bounce = isType(mail, "multipart/report") ? bounce(mail) : null;
		Sender from = bounce != null && bounce.recipient() != null
				? new Sender(bounce.recipient().toLowerCase(Locale.ROOT), null) : sender(mail, settings);
		List<Forwarded> forwards = new ArrayList<>();
		Body body = body(mail, reading, forwards, 0, 0);
		String full = body.text() != null ? body.text() : body.html() != null ? text(body.html()) : "";
		// iPhones put zero-width no-break spaces in quoted and forwarded text.
		full = full.replace("\r\n", "\n").replace('\r', '\n').replace("\uFEFF", "");
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
		html = html == null ? null : sanitise(html);
		for (String refused : reading.refused) {
			text = text + "\n\n[" + refused + "]";
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
				inlineMarked(reading.files, html), conversationNumber(subject), bounce != null || automated(mail, subject));
	}

	private static Instant sentAt(MimeMessage mail, Instant received) {
		try {
			return mail.getSentDate() == null ? received : mail.getSentDate().toInstant();
		}
		catch (MessagingException unreadableDate) {
			return received;
		}
	}

	/**
	 * Whether a machine sent it (RFC 3834 {@code Auto-Submitted}, the usual auto-reply and mailing-list
	 * headers, Exchange's {@code X-Auto-Response-Suppress: All}, read receipts, mail servers' own reports,
	 * out-of-office subjects in English and Dutch): such mail never reopens work or gets an answer.
	 */
	static boolean automated(MimeMessage mail, @Nullable String subject) throws MessagingException {
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
		String suppress = mail.getHeader("X-Auto-Response-Suppress", ",");
		if (suppress != null && suppress.strip().equalsIgnoreCase("All")) {
			return true;
		}
		String type = mail.getHeader("Content-Type", ";");
		if (type != null && type.toLowerCase(Locale.ROOT).replace(" ", "").contains("report-type=disposition-notification")) {
			return true;
		}
		String from = mail.getHeader("From", ",");
		Matcher address = from == null ? null : Pattern.compile("[^\\s<>\"',;:]+@[^\\s<>\"',;]+").matcher(from);
		if (address != null && address.find() && DAEMON_SENDER.matcher(address.group()).find()) {
			return true;
		}
		String lower = subject == null ? "" : subject.strip().toLowerCase(Locale.ROOT);
		return AUTOMATIC_SUBJECTS.stream().anyMatch(lower::startsWith);
	}

	/** What a delivery report (RFC 3464) says: whose mail bounced, to whom, and why. */
	private static @Nullable Bounce bounce(MimeMessage mail) throws MessagingException, IOException {
		if (!(content(mail) instanceof Multipart report)) {
			return null;
		}
		StringBuilder status = new StringBuilder();
		StringBuilder original = new StringBuilder();
		for (int i = 0; i < report.getCount(); i++) {
			BodyPart part = report.getBodyPart(i);
			if (isType(part, "message/delivery-status") || isType(part, "message/global-delivery-status")) {
				status.append(read(part));
			}
			else if (isType(part, "message/rfc822") || isType(part, "text/rfc822-headers")
					|| isType(part, "message/global-headers")) {
				original.append(read(part));
			}
		}
		if (status.isEmpty()) {
			return null;
		}
		// Continuation lines of the diagnostic (long Exchange and Gmail texts) belong to it.
		String statusText = status.toString().replaceAll("\r?\n[ \t]+", " ");
		Matcher id = ORIGINAL_ID.matcher(original);
		Matcher recipient = FINAL_RECIPIENT.matcher(statusText);
		Matcher diagnostic = DIAGNOSTIC.matcher(statusText);
		Matcher code = STATUS.matcher(statusText);
		String reason = "Bounced" + (recipient.find() ? " for " + recipient.group(1).strip() : "")
				+ (diagnostic.find() ? ": " + diagnostic.group(1).strip() : code.find() ? ": status " + code.group(1) : "");
		recipient.reset();
		return new Bounce(id.find() ? id.group(1) : null, recipient.find() ? recipient.group(1).strip() : null, reason);
	}

	private static String read(Part part) throws MessagingException, IOException {
		try (InputStream in = part.getInputStream()) {
			return new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8);
		}
	}

	private record Bounce(@Nullable String originalMessageId, @Nullable String recipient, String reason) {
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
		boolean machine = MACHINE_SENDER.matcher(from.address()).find()
				|| (mailbox instanceof String own && own.equalsIgnoreCase(from.address()));
		if (machine) {
			Sender replyTo = firstAddress(mail.getHeader("Reply-To", ","));
			if (replyTo != null && !replyTo.address().equals(from.address())
					&& !MACHINE_SENDER.matcher(replyTo.address()).find()) {
				return replyTo;
			}
		}
		return from;
	}

	/** The first mailbox of an address header, its display name decoded (RFC 2047, raw 8-bit). */
	private static @Nullable Sender firstAddress(@Nullable String raw) {
		if (raw == null || raw.isBlank()) {
			return null;
		}
		String header = unfold(raw);
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
		Matcher named = Pattern.compile("^\\s*(?:\"((?:[^\"\\\\]|\\\\.)*)\"|([^<\",]*?))\\s*<\\s*" + Pattern.quote(first.getAddress()))
			.matcher(header);
		if (named.find()) {
			name = named.group(1) != null ? named.group(1).replaceAll("\\\\(.)", "$1") : named.group(2);
		}
		else if (first.getPersonal() != null) {
			name = first.getPersonal();
		}
		name = name == null ? null : decodeHeader(name);
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
	private Body body(Part part, Reading reading, List<Forwarded> forwards, int depth, int forwardDepth)
			throws MessagingException, IOException {
		String type = baseType(part);
		if (depth > MAX_DEPTH) {
			store(part, type, reading);
			return Body.NONE;
		}
		if (type.startsWith("multipart/")) {
			Multipart multipart = multipart(part);
			if (multipart == null) {
				// A multipart that cannot be split: whatever text it holds is still shown.
				return new Body(decode(bytes(part), charset(part)), null);
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
		boolean file = Part.ATTACHMENT.equalsIgnoreCase(disposition(part)) || fileName(part) != null;
		if (!file && type.equals("text/plain")) {
			String text = decode(bytes(part), charset(part));
			return new Body(isFlowed(part) ? unflow(text, isDelSp(part)) : text, null);
		}
		if (!file && type.equals("text/html")) {
			byte[] bytes = bytes(part);
			String charset = charset(part);
			if (charset == null) {
				Matcher meta = META_CHARSET.matcher(new String(bytes, 0, Math.min(bytes.length, 4096), StandardCharsets.ISO_8859_1));
				charset = meta.find() ? meta.group(1) : null;
			}
			return new Body(null, decode(bytes, charset));
		}
		if (!file && (type.equals("text/rfc822-headers") || (type.startsWith("message/") && !type.equals("message/rfc822")))) {
			return Body.NONE; // parts of reports, never something to show or download
		}
		store(part, type, reading);
		return Body.NONE;
	}

	/** The best of each: the plain text the sender wrote, and the richest HTML (the last one). */
	private Body alternative(Multipart multipart, Reading reading, List<Forwarded> forwards, int depth,
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
	private Body mixed(Multipart multipart, Reading reading, List<Forwarded> forwards, int depth, int forwardDepth)
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
			String part = child.text() != null ? child.text() : text(child.html());
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
	private void forward(Part part, Reading reading, List<Forwarded> forwards, int depth, int forwardDepth)
			throws MessagingException, IOException {
		BlobStore.Stored stored;
		String given = fileName(part);
		// Jakarta Mail leaves an encoded message/rfc822 encoded (mail.mime.allowencodedmessages); some send one.
		String encoding = part instanceof MimePart mime && mime.getEncoding() != null
				? mime.getEncoding().toLowerCase(Locale.ROOT) : "";
		try (InputStream content = encoding.equals("base64") || encoding.equals("quoted-printable")
				? MimeUtility.decode(raw(part), encoding) : part.getInputStream()) {
			stored = this.blobs.put(content, this.maxAttachmentSize.toBytes());
		}
		catch (BlobStore.TooLarge tooLarge) {
			reading.refused(given == null ? "forwarded message.eml" : given, this.maxAttachmentSize);
			return;
		}
		MimeMessage inner = reading.open(this.blobs.file(stored.sha256()));
		String subject = header(inner, "Subject");
		String name = given != null ? given
				: ApiChannelParser.fileName((subject == null || subject.isBlank() ? "forwarded message"
						: subject.replaceAll("[\\\\/:*?\"<>|]", "_")) + ".eml");
		reading.files.add(new Found(name, "message/rfc822", stored.size(), stored.sha256(), null));
		List<Forwarded> nested = new ArrayList<>();
		Body body = body(inner, reading, nested, depth + 1, forwardDepth + 1);
		forwards.add(new Forwarded(addresses(inner.getHeader("From", ",")), header(inner, "Date"), subject,
				addresses(inner.getHeader("To", ",")), body, nested));
	}

	/** The addresses of a header as people read them: "Name &lt;address&gt;, …". */
	private static @Nullable String addresses(@Nullable String raw) {
		if (raw == null) {
			return null;
		}
		try {
			List<String> shown = new ArrayList<>();
			for (InternetAddress address : InternetAddress.parseHeader(unfold(raw), false)) {
				String name = address.getPersonal() == null ? null : decodeHeader(address.getPersonal());
				shown.add(name == null || name.isBlank() ? address.getAddress() : name + " <" + address.getAddress() + ">");
			}
			return String.join(", ", shown);
		}
		catch (AddressException unparsable) {
			return decodeHeader(raw);
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
			String text = this.body.text() != null ? this.body.text() : this.body.html() != null ? text(this.body.html()) : "";
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

	/** Copies a file part into the blob store (streamed), or notes that it was refused. */
	private void store(Part part, String declaredType, Reading reading) throws MessagingException, IOException {
		String given = fileName(part);
		String name = ApiChannelParser.fileName(given == null ? "attachment" + extension(declaredType) : given);
		BlobStore.Stored stored;
		try (InputStream content = decoded(part)) {
			stored = this.blobs.put(content, this.maxAttachmentSize.toBytes());
		}
		catch (BlobStore.TooLarge tooLarge) {
			reading.refused(name, this.maxAttachmentSize);
			return;
		}
		byte[] head;
		try (InputStream start = this.blobs.open(stored.sha256())) {
			head = start.readNBytes(16);
		}
		reading.files.add(new Found(name, contentType(declaredType, head), stored.size(), stored.sha256(),
				contentId(part)));
	}

	/** Marks the images the HTML shows in place (its {@code cid:} references) as inline. */
	private static List<InboundAttachment> inlineMarked(List<Found> files, @Nullable String html) {
		Set<String> referenced = new HashSet<>();
		if (html != null) {
			Matcher cid = CID_SOURCE.matcher(html);
			while (cid.find()) {
				referenced.add(cidValue(HtmlUtils.htmlUnescape(cid.group(1))));
			}
		}
		return files.stream()
			.map(f -> new InboundAttachment(f.name(), f.type(), f.size(), f.sha256(), f.contentId(),
					f.contentId() != null && f.type().startsWith("image/") && referenced.contains(f.contentId())))
			.toList();
	}

	/** A {@code cid:} reference as a Content-ID: URL-decoded (RFC 2392), without angle brackets. */
	static String cidValue(String reference) {
		String value = reference;
		if (value.indexOf('%') >= 0) {
			try {
				value = java.net.URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
			}
			catch (IllegalArgumentException notEncoded) {
				// Taken as written.
			}
		}
		return value.strip().replaceAll("^<|>$", "");
	}

	private static @Nullable String contentId(Part part) throws MessagingException {
		String[] ids = part.getHeader("Content-ID");
		if (ids == null || ids.length == 0 || ids[0].isBlank()) {
			return null;
		}
		String id = unfold(ids[0]).strip().replaceAll("^<|>$", "").strip();
		return id.isEmpty() || id.length() > 998 ? null : id;
	}

	private record Found(String name, String type, long size, String sha256, @Nullable String contentId) {
	}

	/**
	 * What the file really is when its first bytes say so: a declared PDF or image that is not one (an
	 * executable named "invoice.pdf") must not be shown as one, and executables are always called so.
	 */
	static String contentType(String declared, byte[] head) {
		String sniffed = sniff(head);
		if (sniffed != null && (sniffed.startsWith("application/x-ms") || sniffed.equals("application/x-executable"))) {
			return sniffed;
		}
		if (SHOWN_TYPES.contains(declared) || declared.startsWith("image/") || declared.equals("application/octet-stream")) {
			if (sniffed != null && !sniffed.equals("application/zip")) {
				return sniffed;
			}
			return declared.equals("application/octet-stream") || declared.equals("image/svg+xml") ? declared
					: "application/octet-stream";
		}
		return declared;
	}

	private static @Nullable String sniff(byte[] head) {
		if (starts(head, "%PDF-")) {
			return "application/pdf";
		}
		if (head.length >= 8 && (head[0] & 0xFF) == 0x89 && starts(java.util.Arrays.copyOfRange(head, 1, 4), "PNG")) {
			return "image/png";
		}
		if (head.length >= 3 && (head[0] & 0xFF) == 0xFF && (head[1] & 0xFF) == 0xD8 && (head[2] & 0xFF) == 0xFF) {
			return "image/jpeg";
		}
		if (starts(head, "GIF87a") || starts(head, "GIF89a")) {
			return "image/gif";
		}
		if (head.length >= 12 && starts(head, "RIFF")
				&& new String(head, 8, 4, StandardCharsets.ISO_8859_1).equals("WEBP")) {
			return "image/webp";
		}
		if (starts(head, "MZ")) {
			return "application/x-msdownload";
		}
		if (head.length >= 4 && head[0] == 0x7F && starts(java.util.Arrays.copyOfRange(head, 1, 4), "ELF")) {
			return "application/x-executable";
		}
		if (starts(head, "PK\u0003\u0004")) {
			return "application/zip";
		}
		return null;
	}

	private static boolean starts(byte[] bytes, String prefix) {
		if (bytes.length < prefix.length()) {
			return false;
		}
		for (int i = 0; i < prefix.length(); i++) {
			if ((bytes[i] & 0xFF) != prefix.charAt(i)) {
				return false;
			}
		}
		return true;
	}

	private static String extension(String type) {
		return switch (type) {
			case "image/png" -> ".png";
			case "image/jpeg", "image/jpg", "image/pjpeg" -> ".jpg";
			case "image/gif" -> ".gif";
			case "image/webp" -> ".webp";
			case "application/pdf" -> ".pdf";
			case "text/calendar" -> ".ics";
			case "text/plain" -> ".txt";
			case "text/html" -> ".html";
			case "message/rfc822" -> ".eml";
			default -> "";
		};
	}

	// --- MIME details, leniently ----------------------------------------------------------------------

	/** The media type without parameters, lower case; text/plain when missing, as RFC 2045 says. */
	private static String baseType(Part part) throws MessagingException {
		String[] types = part.getHeader("Content-Type");
		if (types == null || types.length == 0 || types[0].isBlank()) {
			return "text/plain";
		}
		String type = unfold(types[0]).split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
		return type.matches("[a-z0-9!#$&^_.+-]+/[a-z0-9!#$&^_.+-]+") ? type : "application/octet-stream";
	}

	private static boolean isType(Part part, String type) throws MessagingException {
		return baseType(part).equals(type);
	}

	private static @Nullable String charset(Part part) throws MessagingException {
		String[] types = part.getHeader("Content-Type");
		if (types == null || types.length == 0) {
			return null;
		}
		Matcher charset = CHARSET_PARAMETER.matcher(unfold(types[0]));
		if (!charset.find()) {
			return null;
		}
		String name = (charset.group(1) != null ? charset.group(1) : charset.group(2)).strip();
		return name.isEmpty() ? null : name;
	}

	private static boolean isFlowed(Part part) throws MessagingException {
		String[] types = part.getHeader("Content-Type");
		return types != null && types.length > 0
				&& unfold(types[0]).toLowerCase(Locale.ROOT).matches("(?s).*;\\s*format\\s*=\\s*\"?flowed\"?.*");
	}

	private static boolean isDelSp(Part part) throws MessagingException {
		String[] types = part.getHeader("Content-Type");
		return types != null && types.length > 0
				&& unfold(types[0]).toLowerCase(Locale.ROOT).matches("(?s).*;\\s*delsp\\s*=\\s*\"?yes\"?.*");
	}

	/**
	 * Joins the soft line breaks of format=flowed text (RFC 3676, as Thunderbird and Apple Mail send it): a
	 * line ending in a space continues on the next line of the same quote depth; space-stuffing is undone.
	 */
	static String unflow(String text, boolean delSp) {
		String[] lines = text.replace("\r\n", "\n").split("\n", -1);
		StringBuilder out = new StringBuilder();
		int openDepth = -1;
		for (String raw : lines) {
			int depth = 0;
			while (depth < raw.length() && raw.charAt(depth) == '>') {
				depth++;
			}
			String line = raw.substring(depth);
			if (line.startsWith(" ")) {
				line = line.substring(1);
			}
			boolean continues = openDepth == depth;
			if (openDepth >= 0 && !continues) {
				out.append('\n');
			}
			if (!continues && depth > 0) {
				out.append(">".repeat(depth)).append(' ');
			}
			boolean soft = line.endsWith(" ") && !line.equals("-- ");
			out.append(soft && delSp ? line.substring(0, line.length() - 1) : line);
			openDepth = soft ? depth : -1;
			if (!soft) {
				out.append('\n');
			}
		}
		return out.toString().replaceAll("\n$", "");
	}

	private static @Nullable String disposition(Part part) {
		try {
			return part.getDisposition();
		}
		catch (MessagingException unparsable) {
			return null;
		}
	}

	/**
	 * The file name: RFC 2231 ({@code filename*=UTF-8''…}, continuations) is decoded by Jakarta Mail
	 * ({@code mail.mime.decodeparameters} is on by default in Angus Mail 2), RFC 2047 encoded-words in a
	 * quoted name (as Gmail and Outlook send them) are not ({@code mail.mime.decodefilename} is off, and a
	 * system property read once per JVM): decoded here, with raw 8-bit names as headers are.
	 */
	private static @Nullable String fileName(Part part) {
		String name;
		try {
			name = part.getFileName();
		}
		catch (MessagingException unparsable) {
			return null;
		}
		if (name == null || name.isBlank()) {
			return null;
		}
		return decodeHeader(name);
	}

	private static @Nullable Multipart multipart(Part part) {
		try {
			Object content = content(part);
			if (content instanceof MimeMultipart multipart) {
				multipart.getCount(); // parses it now, so a broken one fails here
				return multipart;
			}
			return null;
		}
		catch (MessagingException | IOException broken) {
			return null;
		}
	}

	private static Object content(Part part) throws MessagingException, IOException {
		return part.getContent();
	}

	/** The content with its transfer encoding undone, streamed; an unknown encoding is read as it is. */
	private static InputStream decoded(Part part) throws MessagingException, IOException {
		String encoding = part instanceof MimePart mime ? mime.getEncoding() : null;
		if (encoding == null || List.of("base64", "quoted-printable", "7bit", "8bit", "binary", "uuencode", "x-uuencode",
				"x-uue").contains(encoding.toLowerCase(Locale.ROOT))) {
			return part.getInputStream();
		}
		return raw(part);
	}

	private static InputStream raw(Part part) throws MessagingException, IOException {
		if (part instanceof MimeBodyPart body) {
			return body.getRawInputStream();
		}
		if (part instanceof MimeMessage message) {
			return message.getRawInputStream();
		}
		return part.getInputStream();
	}

	/**
	 * The bytes of a text body (at most {@link #MAX_BODY_BYTES} of it), transfer encoding undone leniently:
	 * a broken quoted-printable sequence or stray base64 character costs that character, not the mail.
	 */
	private static byte[] bytes(Part part) throws MessagingException, IOException {
		byte[] raw;
		try (InputStream in = raw(part)) {
			raw = in.readNBytes(MAX_BODY_BYTES);
		}
		String encoding = part instanceof MimePart mime && mime.getEncoding() != null
				? mime.getEncoding().toLowerCase(Locale.ROOT) : "";
		return switch (encoding) {
			case "base64" -> base64(raw);
			case "quoted-printable" -> quotedPrintable(raw);
			default -> raw;
		};
	}

	private static byte[] base64(byte[] raw) {
		ByteArrayOutputStream alphabet = new ByteArrayOutputStream(raw.length);
		for (byte b : raw) {
			if (b == '=') {
				break;
			}
			if ((b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z') || (b >= '0' && b <= '9') || b == '+' || b == '/') {
				alphabet.write(b);
			}
		}
		byte[] clean = alphabet.toByteArray();
		int usable = clean.length % 4 == 1 ? clean.length - 1 : clean.length;
		return Base64.getDecoder().decode(java.util.Arrays.copyOf(clean, usable));
	}

	private static byte[] quotedPrintable(byte[] raw) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length);
		for (int i = 0; i < raw.length; i++) {
			byte b = raw[i];
			if (b != '=') {
				out.write(b);
			}
			else if (i + 1 < raw.length && raw[i + 1] == '\n') {
				i += 1; // soft line break
			}
			else if (i + 2 < raw.length && raw[i + 1] == '\r' && raw[i + 2] == '\n') {
				i += 2;
			}
			else if (i + 2 < raw.length && Character.digit(raw[i + 1], 16) >= 0 && Character.digit(raw[i + 2], 16) >= 0) {
				out.write(Character.digit(raw[i + 1], 16) * 16 + Character.digit(raw[i + 2], 16));
				i += 2;
			}
			else {
				out.write(b); // not an escape after all: kept as written
			}
		}
		return out.toByteArray();
	}

	/**
	 * Text from bytes as mail clients read it: ISO-8859-1 (and US-ASCII) declared means windows-1252 (its
	 * superset, which is what is really sent: curly quotes, €); no or an unknown declaration, or UTF-8 that
	 * is not valid, means UTF-8 when valid, else windows-1252.
	 */
	static String decode(byte[] bytes, @Nullable String declared) {
		Charset charset = charset(declared);
		String text;
		if (charset == null || charset.equals(StandardCharsets.US_ASCII) || charset.equals(StandardCharsets.UTF_8)) {
			String utf8 = strictUtf8(bytes);
			text = utf8 != null ? utf8 : new String(bytes, WINDOWS_1252);
		}
		else if (charset.equals(StandardCharsets.ISO_8859_1)) {
			text = new String(bytes, WINDOWS_1252);
		}
		else {
			text = new String(bytes, charset);
		}
		return text.startsWith("\uFEFF") ? text.substring(1) : text;
	}

	private static @Nullable Charset charset(@Nullable String name) {
		if (name == null || name.isBlank()) {
			return null;
		}
		String cleaned = name.strip().replaceAll("^[\"']|[\"']$", "");
		int language = cleaned.indexOf('*');
		if (language > 0) {
			cleaned = cleaned.substring(0, language);
		}
		for (String candidate : List.of(cleaned, MimeUtility.javaCharset(cleaned))) {
			try {
				return Charset.forName(candidate);
			}
			catch (IllegalArgumentException unknown) {
				// Next candidate; none at all means "not declared".
			}
		}
		return null;
	}

	private static @Nullable String strictUtf8(byte[] bytes) {
		try {
			CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(bytes));
			return chars.toString();
		}
		catch (CharacterCodingException notUtf8) {
			return null;
		}
	}

	/** A header's value decoded: see {@link #decodeHeader(String)}. */
	private static @Nullable String header(Part part, String name) throws MessagingException {
		String[] values = part.getHeader(name);
		return values == null || values.length == 0 ? null : decodeHeader(values[0]);
	}

	/**
	 * A header value as people read it: unfolded; raw 8-bit bytes (which Jakarta Mail reads as ISO-8859-1)
	 * decoded as UTF-8 when valid, else windows-1252; RFC 2047 encoded-words decoded, adjacent ones with the
	 * same charset joined first (clients split a character over two words), in any charset Java knows and
	 * leniently otherwise; and C1 control characters (windows-1252 declared as ISO-8859-1) repaired.
	 */
	static String decodeHeader(String raw) {
		String value = unfold(raw);
		boolean eightBit = false;
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c > 0xFF) {
				eightBit = false;
				break;
			}
			eightBit |= c >= 0x80;
		}
		if (eightBit) {
			value = decode(value.getBytes(StandardCharsets.ISO_8859_1), null);
		}
		return repairC1(decodeWords(value)).replace('\t', ' ').strip();
	}

	private static String decodeWords(String value) {
		Matcher word = ENCODED_WORD.matcher(value);
		StringBuilder out = new StringBuilder();
		ByteArrayOutputStream pending = new ByteArrayOutputStream();
		String pendingCharset = null;
		int last = 0;
		while (word.find()) {
			String between = value.substring(last, word.start());
			String charset = word.group(1);
			if (pendingCharset == null || !between.isBlank() || !pendingCharset.equalsIgnoreCase(charset)) {
				if (pendingCharset != null) {
					out.append(decode(pending.toByteArray(), pendingCharset));
					pending.reset();
				}
				// Whitespace between two encoded-words is not part of the text (RFC 2047 §6.2).
				if (pendingCharset == null || !between.isBlank()) {
					out.append(between);
				}
			}
			byte[] bytes = word.group(2).equalsIgnoreCase("B") ? base64(word.group(3).getBytes(StandardCharsets.US_ASCII))
					: quotedPrintable(word.group(3).replace('_', ' ').getBytes(StandardCharsets.ISO_8859_1));
			pending.writeBytes(bytes);
			pendingCharset = charset;
			last = word.end();
		}
		if (pendingCharset != null) {
			out.append(decode(pending.toByteArray(), pendingCharset));
		}
		return out.append(value.substring(last)).toString();
	}

	/** Unfolds a header: a line break followed by whitespace is that whitespace (RFC 5322 §2.2.3). */
	private static String unfold(String value) {
		return value.replaceAll("\r?\n(?=[ \t])", "").replaceAll("[\r\n]", "");
	}

	/** Characters U+0080–U+009F only appear when windows-1252 was read as ISO-8859-1: read it right. */
	private static String repairC1(String value) {
		StringBuilder out = null;
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c >= 0x80 && c <= 0x9F) {
				if (out == null) {
					out = new StringBuilder(value.substring(0, i));
				}
				out.append(new String(new byte[] { (byte) c }, WINDOWS_1252));
			}
			else if (out != null) {
				out.append(c);
			}
		}
		return out == null ? value : out.toString();
	}

	// --- HTML ---------------------------------------------------------------------------------------

	/** Sanitised HTML that fits the column: a longer original is shortened first, then sanitised. */
	static String sanitise(String html) {
		String source = html;
		String clean = HTML.sanitize(source);
		while (clean.length() > MAX_HTML && source.length() > 1000) {
			source = source.substring(0, source.length() * 3 / 4);
			clean = HTML.sanitize(source);
		}
		return clean;
	}

	/**
	 * Plain text of an HTML body, as a reader sees it: line breaks for blocks and {@code <br>}, list items
	 * as "- ", links as "text (url)", quotes ({@code <blockquote>}) as "&gt; " lines so quoted history is
	 * recognised, no scripts or styles.
	 */
	static String text(String html) {
		Document document = Jsoup.parse(html);
		document.select("script, style, head, title, template, noscript").remove();
		StringBuilder out = new StringBuilder();
		render(document.body(), out, 0);
		return out.toString()
			.replace('\u00A0', ' ')
			.replaceAll("[ \t]+\n", "\n")
			.replaceAll("\n[ \t]+(?!>)", "\n")
			.replaceAll("\n{3,}", "\n\n")
			.strip();
	}

	private static final Set<String> BLOCKS = Set.of("p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol",
			"table", "tr", "address", "section", "article", "header", "footer", "dl", "dt", "dd", "center", "form",
			"fieldset", "figure", "main", "nav", "aside", "tbody", "thead", "tfoot");

	/** Blocks that a blank line separates from what follows. */
	private static final Set<String> PARAGRAPHS = Set.of("p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table",
			"dl");

	private static void render(Node node, StringBuilder out, int depth) {
		if (node instanceof TextNode text) {
			String value = text.getWholeText();
			boolean pre = text.parent() instanceof Element parent && parent.closest("pre") != null;
			if (pre) {
				out.append(value);
				return;
			}
			String collapsed = value.replaceAll("[\\s\u00A0]+", " ");
			// Whitespace between blocks (the source's own line breaks) is no text.
			out.append(out.isEmpty() || out.charAt(out.length() - 1) == '\n' ? collapsed.stripLeading() : collapsed);
			return;
		}
		if (!(node instanceof Element element)) {
			return;
		}
		if (depth > 200) {
			out.append(element.text());
			return;
		}
		String tag = element.normalName();
		switch (tag) {
			case "br" -> {
				out.append('\n');
				return;
			}
			case "hr" -> {
				newline(out);
				out.append("\n");
				return;
			}
			case "img" -> {
				return;
			}
			case "blockquote" -> {
				StringBuilder inner = new StringBuilder();
				element.childNodes().forEach(child -> render(child, inner, depth + 1));
				newline(out);
				for (String line : inner.toString().strip().split("\n", -1)) {
					out.append(line.isBlank() ? ">" : "> " + line.strip()).append('\n');
				}
				return;
			}
			case "pre" -> {
				newline(out);
				element.childNodes().forEach(child -> render(child, out, depth + 1));
				newline(out);
				return;
			}
			case "li" -> {
				newline(out);
				out.append("- ");
				element.childNodes().forEach(child -> render(child, out, depth + 1));
				newline(out);
				return;
			}
			case "td", "th" -> {
				if (!out.isEmpty() && out.charAt(out.length() - 1) != '\n') {
					out.append("  ");
				}
				element.childNodes().forEach(child -> render(child, out, depth + 1));
				return;
			}
			case "a" -> {
				int start = out.length();
				element.childNodes().forEach(child -> render(child, out, depth + 1));
				String href = element.attr("href").strip();
				String shown = out.substring(start).strip();
				String bare = href.replaceFirst("(?i)^https?://", "").replaceFirst("/$", "");
				if (href.matches("(?i)^https?://.+") && !shown.isEmpty() && !shown.equals(href)
						&& !shown.replaceFirst("(?i)^https?://", "").replaceFirst("/$", "").equals(bare)) {
					out.append(" (").append(href).append(')');
				}
				return;
			}
			default -> {
			}
		}
		boolean block = BLOCKS.contains(tag);
		if (block) {
			newline(out);
		}
		int start = out.length();
		element.childNodes().forEach(child -> render(child, out, depth + 1));
		if (block) {
			newline(out);
			if (out.length() == start && element.wholeText().contains("\u00A0")) {
				out.append('\n'); // a block holding only &nbsp; is an empty line
			}
			if (PARAGRAPHS.contains(tag)) {
				out.append('\n');
			}
		}
	}

	private static void newline(StringBuilder out) {
		if (!out.isEmpty() && out.charAt(out.length() - 1) != '\n') {
			out.append('\n');
		}
	}

	// --- reading in place ---------------------------------------------------------------------------

	/**
	 * One mail being read: its files and refusals, and the stored .eml files it has open (the mail and any
	 * forwarded ones), all closed at the end.
	 */
	private static final class Reading implements Closeable {

		final List<Found> files = new ArrayList<>();

		final List<String> refused = new ArrayList<>();

		private final List<FileChannel> open = new ArrayList<>();

		private final Session session = Session.getInstance(properties());

		private static Properties properties() {
			Properties properties = new Properties();
			// A multipart without parts is read as empty instead of failing the whole mail.
			properties.setProperty("mail.mime.multipart.allowempty", "true");
			return properties;
		}

		/** Parses a stored mail in place: only its headers are read now, parts when they are walked. */
		MimeMessage open(Path file) throws IOException, MessagingException {
			FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
			this.open.add(channel);
			return new MimeMessage(this.session, new FileSlice(channel, 0, channel.size()));
		}

		void refused(String name, DataSize limit) {
			String size = limit.toBytes() % (1024 * 1024) == 0 ? limit.toMegabytes() + " MB"
					: limit.toKilobytes() + " KB";
			this.refused.add("File " + name + " was refused: larger than " + size);
		}

		@Override
		public void close() throws IOException {
			IOException failed = null;
			for (FileChannel channel : this.open) {
				try {
					channel.close();
				}
				catch (IOException ex) {
					failed = ex;
				}
			}
			if (failed != null) {
				throw failed;
			}
		}

	}

	/**
	 * A stretch of a file as a {@link SharedInputStream}, so that Jakarta Mail keeps parts as positions in
	 * the file instead of copying them into memory. Unlike {@code SharedFileInputStream}, whose file is
	 * only closed when every sub-stream has been closed (Jakarta Mail keeps some open, so that is left to
	 * finalisation), all slices share one channel that the {@link Reading} closes.
	 */
	static final class FileSlice extends BufferedInputStream implements SharedInputStream {

		private final Region region;

		FileSlice(FileChannel channel, long start, long end) {
			this(new Region(channel, start, end));
		}

		private FileSlice(Region region) {
			super(region, 8192);
			this.region = region;
		}

		@Override
		public long getPosition() {
			synchronized (this) {
				return this.region.position - this.region.start - (this.count - this.pos);
			}
		}

		@Override
		public InputStream newStream(long start, long end) {
			long from = this.region.start + start;
			long to = end < 0 ? this.region.end : Math.min(this.region.end, this.region.start + end);
			return new FileSlice(this.region.channel, from, Math.max(from, to));
		}

	}

	/** Positional reads of a stretch of a shared channel (thread-safe, no shared position). */
	private static final class Region extends InputStream {

		final FileChannel channel;

		final long start;

		final long end;

		long position;

		Region(FileChannel channel, long start, long end) {
			this.channel = channel;
			this.start = start;
			this.end = end;
			this.position = start;
		}

		@Override
		public int read() throws IOException {
			byte[] one = new byte[1];
			return read(one, 0, 1) == -1 ? -1 : one[0] & 0xFF;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			if (length == 0) {
				return 0;
			}
			long left = this.end - this.position;
			if (left <= 0) {
				return -1;
			}
			int read = this.channel.read(ByteBuffer.wrap(buffer, offset, (int) Math.min(length, left)), this.position);
			if (read <= 0) {
				return -1;
			}
			this.position += read;
			return read;
		}

		@Override
		public long skip(long n) {
			long skipped = Math.max(0, Math.min(n, this.end - this.position));
			this.position += skipped;
			return skipped;
		}

		@Override
		public int available() {
			return (int) Math.min(Integer.MAX_VALUE, Math.max(0, this.end - this.position));
		}

	}

}
