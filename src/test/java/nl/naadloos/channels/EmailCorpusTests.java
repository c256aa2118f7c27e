package nl.naadloos.channels;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.support.StaticMessageSource;
import org.springframework.util.unit.DataSize;

import nl.naadloos.conversations.ConversationInbox;
import nl.naadloos.conversations.InboundAttachment;
import nl.naadloos.conversations.InboundEnvelope;
import nl.naadloos.conversations.InboundResult;
import nl.naadloos.conversations.OutboundDelivery;
import nl.naadloos.platform.BlobStore;
import nl.naadloos.platform.Channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.SoftAssertions.assertSoftly;

/**
 * Every mail of the corpus ({@code src/test/resources/mail/corpus}, as Gmail, Outlook, Apple Mail, iPhone,
 * Thunderbird, web shop forms, auto-responders and mail servers send them) through {@link EmailParser}, checked
 * against what {@code expected.yaml} says an agent must see. A real blob store on a temporary folder; the
 * conversations side is a recording stand-in.
 */
class EmailCorpusTests {

	static final Path CORPUS = Path.of("src/test/resources/mail/corpus");

	static final String MAILBOX = "support@shop.example.nl";

	/** Anything in sanitised HTML that could run or load something by itself. */
	static final Pattern ACTIVE_HTML = Pattern.compile(
			"(?i)<script|<iframe|<object|<embed|<form|<svg|<style|<link|<meta|<base|\\son[a-z]+\\s*=|javascript:|vbscript:"
					+ "|\\ssrc\\s*=\\s*\"(?!cid:)|\\sstyle\\s*=|\\sbackground\\s*=|\\ssrcset\\s*=");

	@TempDir
	Path dataDir;

	BlobStore blobs;

	RecordedBounces bounces;

	ChannelAccount account;

	@BeforeEach
	void setUp() {
		this.blobs = new BlobStore(this.dataDir);
		this.bounces = new RecordedBounces();
		this.account = new ChannelAccount(Channel.EMAIL, "Support", "{}", Instant.parse("2026-11-01T00:00:00Z"));
	}

	static Stream<Arguments> corpus() throws IOException {
		Map<String, Map<String, Object>> expected = expectations();
		return expected.entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
	}

	@SuppressWarnings("unchecked")
	static Map<String, Map<String, Object>> expectations() throws IOException {
		try (InputStream in = Files.newInputStream(CORPUS.resolve("expected.yaml"))) {
			return new Yaml().loadAs(in, LinkedHashMap.class);
		}
	}

	@Test
	void everyMailOfTheCorpusHasExpectationsAndTheCorpusIsLargeEnough() throws IOException {
		List<String> mails;
		try (Stream<Path> files = Files.list(CORPUS)) {
			mails = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".eml")).sorted().toList();
		}
		assertThat(mails).hasSizeGreaterThanOrEqualTo(40);
		assertThat(expectations().keySet()).containsExactlyInAnyOrderElementsOf(mails);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("corpus")
	void eachMailIsParsedAsAnAgentMustSeeIt(String file, Map<String, Object> expect) throws IOException {
		InboundEnvelope envelope = parse(parser(DataSize.ofMegabytes(25)), CORPUS.resolve(file));
		String text = envelope.text();
		String html = envelope.html();
		assertSoftly(softly -> {
			softly.assertThat(envelope.channel()).isEqualTo(Channel.EMAIL);
			softly.assertThat(envelope.sender().primaryAddress()).as("sender address").isEqualTo(expect.get("from"));
			if (expect.containsKey("name")) {
				softly.assertThat(envelope.sender().name()).as("sender name").isEqualTo(expect.get("name"));
			}
			softly.assertThat(envelope.subject()).as("subject").isEqualTo(expect.get("subject"));
			if (expect.containsKey("text")) {
				softly.assertThat(text).as("text").isEqualTo(expect.get("text"));
			}
			for (String line : strings(expect, "contains")) {
				softly.assertThat(text).as("text").contains(line);
			}
			for (String line : strings(expect, "notContains")) {
				softly.assertThat(text).as("text").doesNotContain(line);
			}
			if ("none".equals(expect.get("html"))) {
				softly.assertThat(html).as("html").isNull();
			}
			for (String piece : strings(expect, "htmlContains")) {
				softly.assertThat(html).as("html").isNotNull().contains(piece);
			}
			for (String piece : strings(expect, "htmlNotContains")) {
				softly.assertThat(html == null ? "" : html).as("html").doesNotContain(piece);
			}
			if (html != null) {
				Matcher active = ACTIVE_HTML.matcher(html);
				softly.assertThat(active.find() ? active.group() : null).as("active HTML in " + html).isNull();
				softly.assertThat(remoteImages(html)).as("remote images")
					.isEqualTo(((Number) expect.getOrDefault("remoteImages", 0)).intValue());
			}
			softly.assertThat(envelope.replyToProviderMessageId()).as("reply reference").isEqualTo(expect.get("replyTo"));
			softly.assertThat(envelope.conversationNumber())
				.as("conversation number")
				.isEqualTo(expect.get("conversationNumber") == null ? null
						: ((Number) expect.get("conversationNumber")).longValue());
			softly.assertThat(envelope.automated()).as("automated").isEqualTo(expect.getOrDefault("automated", false));
			softly.assertThat(attachments(envelope)).as("attachments").isEqualTo(expectedAttachments(expect));
			@SuppressWarnings("unchecked")
			Map<String, Object> bounce = (Map<String, Object>) expect.get("bounce");
			if (bounce == null) {
				softly.assertThat(this.bounces.recorded).as("bounces").isEmpty();
			}
			else {
				softly.assertThat(this.bounces.recorded).as("bounces").hasSize(1);
				if (this.bounces.recorded.size() == 1) {
					Bounce recorded = this.bounces.recorded.get(0);
					softly.assertThat(recorded.accountId()).isEqualTo(this.account.id());
					softly.assertThat(recorded.messageId()).isEqualTo(bounce.get("messageId"));
					softly.assertThat(recorded.reason()).contains((String) bounce.get("reason"));
				}
			}
		});
		for (InboundAttachment stored : envelope.attachments()) {
			try (InputStream content = this.blobs.open(stored.sha256())) {
				assertThat(content.readAllBytes()).as(stored.fileName() + " stored whole").hasSize((int) stored.size());
			}
		}
	}

	@Test
	void aFileOverTheLimitIsRefusedAndTheMailStillTakenIn() throws Exception {
		byte[] big = new byte[300 * 1024];
		new java.util.Random(42).nextBytes(big);
		Path mail = this.dataDir.resolve("big.eml");
		Files.writeString(mail, """
				From: Olga Maas <olga.maas@example.nl>
				To: support@shop.example.nl
				Subject: Video van de schade
				MIME-Version: 1.0
				Content-Type: multipart/mixed; boundary="b"

				--b
				Content-Type: text/plain; charset=utf-8

				Zie de video en de foto.
				--b
				Content-Type: video/mp4; name="schade.mp4"
				Content-Disposition: attachment; filename="schade.mp4"
				Content-Transfer-Encoding: base64

				%s
				--b
				Content-Type: image/png; name="klein.png"
				Content-Disposition: attachment; filename="klein.png"
				Content-Transfer-Encoding: base64

				%s
				--b--
				""".formatted(java.util.Base64.getMimeEncoder().encodeToString(big),
				java.util.Base64.getMimeEncoder().encodeToString(png())), StandardCharsets.US_ASCII);

		InboundEnvelope envelope = parse(parser(DataSize.ofKilobytes(200)), mail);

		assertThat(envelope.text()).isEqualTo("Zie de video en de foto.\n\n[File schade.mp4 was refused: larger than 200 KB]");
		assertThat(envelope.attachments()).extracting(InboundAttachment::fileName).containsExactly("klein.png");
	}

	/**
	 * The bytes this thread allocates while parsing a mail with a 10 MB attachment are no more than with a
	 * 1 MB one (a mail read into memory allocates at least its 13.5 MB of base64, and decoded copies): the
	 * attachment streams from the stored .eml into the blob store. Allocation counting is exact and
	 * independent of when the garbage collector runs, so this is neither a timing nor a GC-luck test.
	 */
	@Test
	void aLargeAttachmentIsStreamedFromTheStoredMailNotHeldInMemory() throws IOException {
		com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory
			.getThreadMXBean();
		EmailParser parser = parser(DataSize.ofMegabytes(25));
		Path small = mailWithAttachment(1024 * 1024, "small.eml");
		Path large = mailWithAttachment(10 * 1024 * 1024, "large.eml");
		parse(parser, small); // warm up: classes loaded, caches filled
		long smallAllocated = allocatedWhileParsing(threads, parser, small);
		long largeAllocated = allocatedWhileParsing(threads, parser, large);

		assertThat(largeAllocated - smallAllocated).as("bytes allocated for 9 MB more attachment (small mail: %d)",
				smallAllocated).isLessThan(2L * 1024 * 1024);
		InboundEnvelope envelope = parse(parser, large);
		assertThat(envelope.attachments()).singleElement().satisfies(file -> {
			assertThat(file.fileName()).isEqualTo("meetrapport.bin");
			assertThat(file.size()).isEqualTo(10L * 1024 * 1024);
		});
	}

	long allocatedWhileParsing(com.sun.management.ThreadMXBean threads, EmailParser parser, Path mail)
			throws IOException {
		long id = Thread.currentThread().threadId();
		long before = threads.getThreadAllocatedBytes(id);
		InboundEnvelope envelope = parse(parser, mail);
		long allocated = threads.getThreadAllocatedBytes(id) - before;
		assertThat(envelope.attachments()).hasSize(1);
		return allocated;
	}

	/** A mail with an attachment of this many random bytes, written in pieces (never whole in memory). */
	Path mailWithAttachment(int size, String name) throws IOException {
		Path mail = this.dataDir.resolve(name);
		java.util.Random random = new java.util.Random(size);
		try (java.io.OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(mail), 64 * 1024)) {
			out.write("""
					From: Lab Meetdienst <lab@meetdienst.example.nl>\r
					To: support@shop.example.nl\r
					Subject: Meetrapport\r
					MIME-Version: 1.0\r
					Content-Type: multipart/mixed; boundary="meet"\r
					\r
					--meet\r
					Content-Type: text/plain; charset=utf-8\r
					\r
					Het meetrapport zit in de bijlage.\r
					--meet\r
					Content-Type: application/octet-stream; name="meetrapport.bin"\r
					Content-Disposition: attachment; filename="meetrapport.bin"\r
					Content-Transfer-Encoding: base64\r
					\r
					""".getBytes(StandardCharsets.US_ASCII));
			java.io.OutputStream base64 = java.util.Base64.getMimeEncoder().wrap(new java.io.FilterOutputStream(out) {

				@Override
				public void write(byte[] bytes, int offset, int length) throws IOException {
					this.out.write(bytes, offset, length);
				}

				@Override
				public void close() {
					// The mail goes on after the attachment.
				}

			});
			byte[] chunk = new byte[57 * 1024];
			for (int written = 0; written < size; written += chunk.length) {
				random.nextBytes(chunk);
				base64.write(chunk, 0, Math.min(chunk.length, size - written));
			}
			base64.close();
			out.write("\r\n--meet--\r\n".getBytes(StandardCharsets.US_ASCII));
		}
		return mail;
	}

	@Test
	void aSenderNameOfThousandsOfCharactersIsCutNotFatal() throws IOException {
		String name = "Klant " + "A".repeat(20_000);
		InboundEnvelope envelope = parse(parser(DataSize.ofMegabytes(25)), write("long-name.eml",
				"From: \"" + name + "\" <klant@example.nl>\r\nTo: " + MAILBOX + "\r\nSubject: Lange naam\r\n"
						+ "Message-ID: <long-name@example.nl>\r\n\r\nHallo\r\n"));
		assertThat(envelope.sender().primaryAddress()).isEqualTo("klant@example.nl");
		assertThat(envelope.sender().name()).startsWith("Klant AAAA").hasSize(EmailParser.MAX_NAME);
		assertThat(envelope.text()).isEqualTo("Hallo");
	}

	@Test
	void aMailOfTensOfThousandsOfPartsIsReadUpToTheLimitWithoutExhaustingMemory() throws IOException {
		StringBuilder mail = new StringBuilder("From: bom@example.nl\r\nTo: " + MAILBOX + "\r\nSubject: Parts\r\n"
				+ "Message-ID: <parts@example.nl>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n"
				+ "--b\r\nContent-Type: text/plain\r\n\r\nEerste deel\r\n");
		for (int i = 0; i < 60_000; i++) {
			mail.append("--b\r\n\r\nx\r\n");
		}
		mail.append("--b--\r\n");
		java.lang.management.MemoryMXBean memory = java.lang.management.ManagementFactory.getMemoryMXBean();
		InboundEnvelope envelope = parse(parser(DataSize.ofMegabytes(25)), write("parts.eml", mail.toString()));
		assertThat(envelope.text()).startsWith("Eerste deel").contains("more parts of this mail were not read");
		assertThat(envelope.attachments()).hasSizeLessThanOrEqualTo(EmailParser.MAX_PARTS);
		assertThat(memory.getHeapMemoryUsage().getUsed()).as("heap after parsing")
			.isLessThan(Runtime.getRuntime().maxMemory() - 64L * 1024 * 1024);
	}

	@Test
	void tensOfThousandsOfQuotedLinesAreReadInOnePass() throws IOException {
		String text = "Hallo\r\n" + ">\r\n".repeat(100_000) + "> einde\r\n";
		long started = System.nanoTime();
		InboundEnvelope envelope = parse(parser(DataSize.ofMegabytes(25)), write("quotes.eml", "From: klant@example.nl\r\n"
				+ "To: " + MAILBOX + "\r\nSubject: Quotes\r\nMessage-ID: <quotes@example.nl>\r\n\r\n" + text));
		assertThat(envelope.text()).isEqualTo("Hallo");
		// Not a timing test of speed: a quadratic scan of these lines takes minutes, one pass well under this.
		assertThat(java.time.Duration.ofNanos(System.nanoTime() - started)).isLessThan(java.time.Duration.ofSeconds(30));
	}

	Path write(String name, String content) throws IOException {
		Path file = this.dataDir.resolve(name);
		Files.writeString(file, content, StandardCharsets.ISO_8859_1);
		return file;
	}

	@Test
	void aMailThatIsNotStoredFailsWithItsHash() {
		EmailParser parser = parser(DataSize.ofMegabytes(25));
		String missing = "ab".repeat(32);
		InboundEvent event = new InboundEvent(this.account.id(), "<missing@example.nl>", "{\"eml\":\"" + missing + "\"}",
				Instant.now());
		assertThatThrownBy(() -> parser.envelope(event, this.account, Map.of()))
			.isInstanceOf(UncheckedIOException.class)
			.hasMessageContaining(missing)
			.hasMessageContaining("is not in");
	}

	static byte[] png() {
		return java.util.Base64.getDecoder()
			.decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==");
	}

	EmailParser parser(DataSize maxAttachmentSize) {
		return new EmailParser(this.blobs, JsonMapper.builder().build(), this.bounces, new NoInbox(),
				new StaticMessageSource(), maxAttachmentSize);
	}

	InboundEnvelope parse(EmailParser parser, Path mail) throws IOException {
		BlobStore.Stored eml;
		try (InputStream in = Files.newInputStream(mail)) {
			eml = this.blobs.put(in, Long.MAX_VALUE);
		}
		InboundEvent event = new InboundEvent(this.account.id(), "<" + mail.getFileName() + ">",
				"{\"eml\":\"" + eml.sha256() + "\",\"size\":" + eml.size() + "}", Instant.parse("2026-11-15T12:00:00Z"));
		return parser.envelope(event, this.account, Map.of("address", MAILBOX));
	}

	static int remoteImages(String html) {
		int count = 0;
		Matcher remote = Pattern.compile("data-remote-src=\"https?://").matcher(html);
		while (remote.find()) {
			count++;
		}
		return count;
	}

	@SuppressWarnings("unchecked")
	static List<String> strings(Map<String, Object> expect, String key) {
		Object value = expect.get(key);
		return value == null ? List.of() : (List<String>) value;
	}

	static List<Map<String, Object>> attachments(InboundEnvelope envelope) {
		List<Map<String, Object>> files = new ArrayList<>();
		for (InboundAttachment file : envelope.attachments()) {
			Map<String, Object> shown = new LinkedHashMap<>();
			shown.put("name", file.fileName());
			shown.put("type", file.contentType());
			shown.put("size", file.size());
			shown.put("inline", file.inline());
			shown.put("contentId", file.contentId());
			files.add(shown);
		}
		return files;
	}

	@SuppressWarnings("unchecked")
	static List<Map<String, Object>> expectedAttachments(Map<String, Object> expect) {
		List<Map<String, Object>> files = new ArrayList<>();
		for (Map<String, Object> file : (List<Map<String, Object>>) expect.getOrDefault("attachments", List.of())) {
			Map<String, Object> shown = new LinkedHashMap<>();
			shown.put("name", file.get("name"));
			shown.put("type", file.get("type"));
			shown.put("size", ((Number) file.get("size")).longValue());
			shown.put("inline", file.getOrDefault("inline", false));
			shown.put("contentId", file.get("contentId"));
			files.add(shown);
		}
		return files;
	}

	record Bounce(UUID accountId, String messageId, String reason) {
	}

	/** Records bounces as the conversations module would mark the reply failed. */
	static final class RecordedBounces implements OutboundDelivery {

		final List<Bounce> recorded = new ArrayList<>();

		@Override
		public Optional<OutboundMessage> outboundMessage(UUID messageId) {
			throw new AssertionError("Parsing a mail never reads a queued reply.");
		}

		@Override
		public void recordBounce(UUID channelAccountId, String providerMessageId, String reason) {
			this.recorded.add(new Bounce(channelAccountId, providerMessageId, reason));
		}

		@Override
		public void recordDelivery(UUID messageId, nl.naadloos.conversations.DeliveryStatus status,
				@Nullable String reason, @Nullable String providerMessageId) {
			throw new AssertionError("Parsing a mail never reports a delivery.");
		}

	}

	/** Parsing never threads or acknowledges anything: that is the inbound processor's work. */
	static final class NoInbox implements ConversationInbox {

		@Override
		public InboundResult receive(InboundEnvelope envelope) {
			throw new AssertionError("Parsing a mail never delivers it.");
		}

		@Override
		public Optional<UUID> acknowledge(UUID inboundMessageId, String text, Duration notTwiceWithin) {
			throw new AssertionError("Parsing a mail never acknowledges it.");
		}

		@Override
		public void routeToTeam(UUID conversationId, UUID teamId) {
			throw new AssertionError("Parsing a mail never routes it.");
		}

	}

}
