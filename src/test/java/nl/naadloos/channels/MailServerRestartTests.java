package nl.naadloos.channels;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import nl.naadloos.support.IntegrationTest;
import nl.naadloos.support.TestApi;
import nl.naadloos.support.TestApi.Response;

import static nl.naadloos.support.TestApi.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The mail server goes down in the middle of reading a mailbox and comes back (with a new UIDVALIDITY, as
 * a server that rebuilt its index does, and the mail that arrived meanwhile): every mail becomes exactly one
 * message, none lost and none twice.
 */
@IntegrationTest
class MailServerRestartTests {

	static final String ADDRESS = "restart@shop.example.nl";

	@LocalServerPort
	int port;

	@Autowired
	MailboxPoller poller;

	@Autowired
	JdbcTemplate jdbc;

	GreenMail server;

	@AfterEach
	void stopServer() {
		if (this.server != null) {
			this.server.stop();
		}
	}

	@Test
	void aServerRestartInTheMiddleOfReadingNeitherLosesNorDoublesAMail() throws Exception {
		int imapPort = freePort();
		int smtpPort = freePort();
		this.server = start(imapPort, smtpPort);
		String run = UUID.randomUUID().toString().substring(0, 8);
		List<MimeMessage> first = new ArrayList<>();
		for (int i = 0; i < 60; i++) {
			first.add(mail(run, i));
		}
		deliver(first);

		Map<String, Object> settings = new LinkedHashMap<>();
		settings.put("address", ADDRESS);
		settings.put("imapHost", "127.0.0.1");
		settings.put("imapPort", imapPort);
		settings.put("imapSecurity", "none");
		settings.put("smtpHost", "127.0.0.1");
		settings.put("smtpPort", smtpPort);
		settings.put("smtpSecurity", "none");
		settings.put("username", ADDRESS);
		settings.put("password", "restart-password");
		Response created = TestApi.asAdmin(this.port)
			.post("/api/v1/channel-accounts", json(Map.of("kind", "email", "name", "Restart " + run, "settings", settings)));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		UUID mailbox = UUID.fromString(created.text("id"));

		// Reading starts; after the first few mails the server goes away.
		CompletableFuture<Boolean> reading = CompletableFuture.supplyAsync(() -> this.poller.poll(mailbox));
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(5)).until(() -> events(mailbox) >= 3);
		this.server.stop();
		reading.get(60, TimeUnit.SECONDS);
		int takenBeforeTheCrash = events(mailbox);
		assertThat(takenBeforeTheCrash).as("the server went down mid-read").isBetween(3, 59);
		assertThat(this.jdbc.queryForObject("select connected from mailbox_sync where channel_account_id = ?",
				Boolean.class, mailbox)).isFalse();
		assertThat(this.jdbc.queryForObject("select last_error from mailbox_sync where channel_account_id = ?",
				String.class, mailbox)).isNotBlank();

		// Back with everything it had, renumbered, plus what came in meanwhile.
		this.server = start(imapPort, smtpPort);
		deliver(first);
		List<MimeMessage> meanwhile = new ArrayList<>();
		for (int i = 60; i < 65; i++) {
			meanwhile.add(mail(run, i));
		}
		deliver(meanwhile);
		await().atMost(Duration.ofSeconds(60)).until(() -> {
			this.poller.poll(mailbox);
			return threaded(run) == 65;
		});
		assertThat(events(mailbox)).isEqualTo(65);
		assertThat(this.jdbc.queryForObject("select count(distinct m.provider_message_id) from messages m "
				+ "join conversations c on c.id = m.conversation_id where c.subject like ? and m.direction = 'INBOUND'",
				Integer.class, "Restart " + run + "%")).isEqualTo(65);
		assertThat(this.jdbc.queryForObject("select connected from mailbox_sync where channel_account_id = ?",
				Boolean.class, mailbox)).isTrue();
		// Reading again changes nothing.
		this.poller.poll(mailbox);
		assertThat(events(mailbox)).isEqualTo(65);
		assertThat(threaded(run)).isEqualTo(65);
	}

	@Test
	void aNewlyConnectedMailboxTakesInTheLastDayNotItsHistory() throws Exception {
		this.server = start(freePort(), freePort());
		String run = UUID.randomUUID().toString().substring(0, 8);
		jakarta.mail.Flags none = new jakarta.mail.Flags();
		inbox().appendMessage(mail(run, 1), none, java.util.Date.from(java.time.Instant.now().minus(Duration.ofDays(400))));
		inbox().appendMessage(mail(run, 2), none, java.util.Date.from(java.time.Instant.now().minus(Duration.ofDays(10))));
		inbox().appendMessage(mail(run, 3), none, java.util.Date.from(java.time.Instant.now().minus(Duration.ofHours(3))));
		UUID mailbox = connect(run);

		this.poller.poll(mailbox);
		await().atMost(Duration.ofSeconds(20)).until(() -> threaded(run) == 1);
		assertThat(this.jdbc.queryForList("select c.subject from conversations c where c.subject like ?", String.class,
				"Restart " + run + "%")).containsExactly("Restart " + run + " 3");

		deliver(List.of(mail(run, 4)));
		this.poller.poll(mailbox);
		await().atMost(Duration.ofSeconds(20)).until(() -> threaded(run) == 2);
		assertThat(events(mailbox)).isEqualTo(2);
	}

	@Test
	void readMailIsMarkedSeenOrMovedToItsFolderAfterItIsStored() throws Exception {
		this.server = start(freePort(), freePort());
		String run = UUID.randomUUID().toString().substring(0, 8);
		List<MimeMessage> mails = new ArrayList<>();
		for (int i = 0; i < MailboxPoller.MARK_EVERY + 7; i++) {
			mails.add(mail(run, i));
		}
		deliver(mails);
		UUID keep = connect(run + "k");
		this.poller.poll(keep);
		assertThat(events(keep)).isEqualTo(mails.size());
		assertThat(inbox().getMessages()).allSatisfy(stored -> assertThat(stored.getFlags().contains(jakarta.mail.Flags.Flag.SEEN)).isTrue());

		// The same mails read by a second mailbox on the same login that moves them away.
		UUID move = connect(run + "m", Map.of("processedAction", "move", "processedFolder", "Naadloos"));
		this.poller.poll(move);
		assertThat(events(move)).isEqualTo(mails.size());
		await().atMost(Duration.ofSeconds(10)).until(() -> inbox().getMessageCount() == 0);
		assertThat(this.server.getManagers().getImapHostManager().getFolder(this.server.getManagers().getUserManager()
			.getUser(ADDRESS), "Naadloos").getMessageCount()).isEqualTo(mails.size());
	}

	@Test
	void mailIsKeyedByItsMessageIdOrElseByItself() {
		assertThat(MailboxPoller.providerId(new String[] { " <a.b@example.nl> (Outlook)" }, "ff")).isEqualTo("<a.b@example.nl>");
		assertThat(MailboxPoller.providerId(null, "ab12")).isEqualTo("sha256:ab12");
		assertThat(MailboxPoller.providerId(new String[] { "" }, "ab12")).isEqualTo("sha256:ab12");
		String longId = "<" + "x".repeat(900) + "@example.nl>";
		assertThat(MailboxPoller.providerId(new String[] { longId }, "ab12")).startsWith("sha256:").hasSize(7 + 64);
	}

	private com.icegreen.greenmail.store.MailFolder inbox() throws Exception {
		return this.server.getManagers().getImapHostManager().getInbox(this.server.getManagers().getUserManager()
			.getUser(ADDRESS));
	}

	private UUID connect(String run) {
		return connect(run, Map.of());
	}

	private UUID connect(String run, Map<String, Object> extra) {
		Map<String, Object> settings = new LinkedHashMap<>(extra);
		settings.put("address", ADDRESS);
		settings.put("imapHost", "127.0.0.1");
		settings.put("imapPort", this.server.getImap().getPort());
		settings.put("imapSecurity", "none");
		settings.put("smtpHost", "127.0.0.1");
		settings.put("smtpPort", this.server.getSmtp().getPort());
		settings.put("smtpSecurity", "none");
		settings.put("username", ADDRESS);
		settings.put("password", "restart-password");
		Response created = TestApi.asAdmin(this.port)
			.post("/api/v1/channel-accounts", json(Map.of("kind", "email", "name", "History " + run, "settings", settings)));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		return UUID.fromString(created.text("id"));
	}

	private int threaded(String run) {
		return this.jdbc.queryForObject("select count(*) from messages m join conversations c on c.id = m.conversation_id "
				+ "where c.subject like ? and m.direction = 'INBOUND'", Integer.class, "Restart " + run + "%");
	}

	private int events(UUID mailbox) {
		return this.jdbc.queryForObject("select count(*) from inbound_events where channel_account_id = ?", Integer.class,
				mailbox);
	}

	private static GreenMail start(int imapPort, int smtpPort) {
		GreenMail server = new GreenMail(new ServerSetup[] { new ServerSetup(imapPort, "127.0.0.1", ServerSetup.PROTOCOL_IMAP),
				new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP) });
		server.start();
		server.setUser(ADDRESS, ADDRESS, "restart-password");
		return server;
	}

	private void deliver(List<MimeMessage> mails) throws Exception {
		for (MimeMessage mail : mails) {
			this.server.getManagers().getImapHostManager().getInbox(this.server.getManagers().getUserManager()
				.getUser(ADDRESS)).store(mail);
		}
	}

	/** A customer's mail with a 64 KB file, so that reading sixty takes a moment; each from its own customer. */
	private static MimeMessage mail(String run, int i) throws Exception {
		MimeMessage mail = new MimeMessage(Session.getInstance(new java.util.Properties()));
		mail.setFrom(new InternetAddress("klant" + i + "." + run + "@example.nl"));
		mail.setRecipient(MimeMessage.RecipientType.TO, new InternetAddress(ADDRESS));
		mail.setSubject("Restart " + run + " " + i, StandardCharsets.UTF_8.name());
		mail.setHeader("Message-ID", "<restart-" + run + "-" + i + "@example.nl>");
		MimeBodyPart text = new MimeBodyPart();
		text.setText("Vraag nummer " + i, StandardCharsets.UTF_8.name());
		MimeBodyPart file = new MimeBodyPart();
		byte[] bytes = new byte[64 * 1024];
		new Random(i).nextBytes(bytes);
		file.setContent(bytes, "application/octet-stream");
		file.setFileName("scan-" + i + ".bin");
		MimeMultipart mixed = new MimeMultipart();
		mixed.addBodyPart(text);
		mixed.addBodyPart(file);
		mail.setContent(mixed);
		mail.saveChanges();
		mail.setHeader("Message-ID", "<restart-" + run + "-" + i + "@example.nl>");
		return mail;
	}

	private static int freePort() throws Exception {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
