package nl.naadloos.channels;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jakarta.annotation.PreDestroy;
import jakarta.mail.FetchProfile;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.search.ComparisonTerm;
import jakarta.mail.search.ReceivedDateTerm;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import nl.naadloos.platform.BlobStore;
import nl.naadloos.platform.Channel;

/**
 * Reads every active mailbox over IMAP. Each mail is stored whole (its .eml in the blob store, a raw inbound
 * event under its Message-ID) before it is marked processed on the server and before the mailbox's last
 * UID moves on, so a crash or a dropped connection repeats at most a mail that the event key then ignores.
 * Mail is read every 30 s, and at once when an IMAP IDLE watch reports new mail.
 * Each mailbox is read on a thread of its own: a slow or broken one never holds up the others. In a
 * cluster one node at a time reads a mailbox, under a lease in the database that it renews while reading.
 */
@Component
class MailboxPoller {

	static final int IMAP_FETCH_SIZE = 1024 * 1024;

	/** Mails marked processed (and the last UID saved) together. */
	static final int MARK_EVERY = 50;

	/** Longest key stored as is (the columns take 500); longer ones are stored as their hash. */
	static final int MAX_KEY = 400;

	/** The longest a failing mailbox waits between two reads. */
	static final Duration LONGEST_BACKOFF = Duration.ofMinutes(15);

	private static final Logger log = LoggerFactory.getLogger(MailboxPoller.class);

	private final ChannelAccounts channelAccounts;

	private final ChannelAccountService accounts;

	private final MailboxSyncs syncs;

	private final InboundProcessor processor;

	private final BlobStore blobs;

	private final JsonMapper json;

	private final TransactionTemplate tx;

	private final Clock clock;

	private final JdbcTemplate jdbc;

	/** This node, as the holder of mailbox leases. */
	private static final String NODE = "node-" + UUID.randomUUID();

	/** How long a lease holds without renewal: a node that dies mid-read gives the mailbox up after this. */
	private static final Duration LEASE = Duration.ofMinutes(2);

	private final Set<UUID> busy = ConcurrentHashMap.newKeySet();

	/** Mailboxes watched with IMAP IDLE, with the connection that ends the watch when closed. */
	private final Map<UUID, Store> watching = new ConcurrentHashMap<>();

	private volatile boolean stopped;

	/** How often every mailbox is read; also the first wait after a failed read. */
	private final Duration interval;

	/** How far back the first read of a newly connected mailbox takes mail in. */
	private final Duration firstReadWindow;

	private final ExecutorService readers = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("mailbox-", 0)
		.factory());

	MailboxPoller(ChannelAccounts channelAccounts, ChannelAccountService accounts, MailboxSyncs syncs,
			InboundProcessor processor, BlobStore blobs, JsonMapper json, PlatformTransactionManager transactions,
			Clock clock, JdbcTemplate jdbc,
			@org.springframework.beans.factory.annotation.Value("${naadloos.channels.email.poll-interval:PT30S}") Duration interval,
			@org.springframework.beans.factory.annotation.Value("${naadloos.channels.email.first-read-window:P1D}") Duration firstReadWindow) {
		this.interval = interval;
		this.firstReadWindow = firstReadWindow;
		this.channelAccounts = channelAccounts;
		this.accounts = accounts;
		this.syncs = syncs;
		this.processor = processor;
		this.blobs = blobs;
		this.json = json;
		this.tx = new TransactionTemplate(transactions);
		this.clock = clock;
		this.jdbc = jdbc;
	}

	/**
	 * Starts a read of every active mailbox that is not being read already, and an IMAP IDLE watch of
	 * each one whose server offers it and that is not watched yet (so a lost watch comes back).
	 */
	@Scheduled(fixedDelayString = "${naadloos.channels.email.poll-interval:PT30S}",
			initialDelayString = "${naadloos.channels.email.poll-delay:PT10S}")
	void pollAll() {
		Map<UUID, MailboxSync> syncs = new java.util.HashMap<>();
		this.syncs.findAll().forEach(sync -> syncs.put(sync.getId(), sync));
		Instant now = this.clock.instant();
		for (ChannelAccount account : this.channelAccounts.findAllByOrderByKindAscNameAsc()) {
			if (account.kind() != Channel.EMAIL || !account.isActive() || this.stopped) {
				continue;
			}
			MailboxSync sync = syncs.get(account.id());
			Instant retryAt = sync == null ? null : sync.retryAt(this.interval, LONGEST_BACKOFF);
			// A failing mailbox waits longer each time, unless an admin changed its settings since.
			if (retryAt != null && now.isBefore(retryAt) && account.updatedAt().isBefore(sync.lastErrorAt())) {
				continue;
			}
			if (!this.busy.contains(account.id())) {
				this.readers.submit(() -> poll(account.id()));
			}
			// Watched once reading works: a broken login is not tried twice as often.
			if (sync != null && sync.connected() && !this.watching.containsKey(account.id())) {
				this.readers.submit(() -> watch(account.id()));
			}
		}
	}

	/** Whether the mailbox is watched with IMAP IDLE right now. */
	boolean watching(UUID accountId) {
		return this.watching.containsKey(accountId);
	}

	/**
	 * Keeps an IMAP IDLE connection open and reads the mailbox as soon as the server reports a change:
	 * mail arrives in seconds instead of at the next poll. Ends when the connection breaks, the mailbox is
	 * switched off or the application stops; the next round of {@link #pollAll()} starts it again. Servers
	 * without IDLE are read by polling only.
	 */
	void watch(UUID accountId) {
		ChannelAccountService.LiveAccount account = this.accounts.live(accountId).orElse(null);
		if (account == null || !account.activeAs(Channel.EMAIL) || this.stopped) {
			return;
		}
		Store store = null;
		try {
			store = connect(account.settings());
			if (!(store instanceof IMAPStore imap) || !imap.hasCapability("IDLE")
					|| this.watching.putIfAbsent(accountId, store) != null) {
				return;
			}
			IMAPFolder folder = (IMAPFolder) store.getFolder((String) account.settings().get("folder"));
			folder.open(Folder.READ_ONLY);
			Map<String, Object> watched = account.settings();
			while (!this.stopped && this.accounts.live(accountId)
				.map(a -> a.activeAs(Channel.EMAIL) && a.settings().equals(watched))
				.orElse(false)) {
				folder.idle(true); // returns once the server reports a change (or ends the IDLE)
				poll(accountId);
				if (this.syncs.findById(accountId).map(MailboxSync::failures).orElse(0) > 0) {
					break; // reading fails (a changed password?): the back-off decides when to try again
				}
			}
		}
		catch (MessagingException | RuntimeException ex) {
			log.debug("Watching mailbox {} ended: {}", accountId, ex.toString());
		}
		finally {
			if (store != null) {
				this.watching.remove(accountId, store);
				try {
					store.close();
				}
				catch (MessagingException ignored) {
					// already broken
				}
			}
		}
	}

	/**
	 * Reads one mailbox now: every mail after the last UID taken in.
	 * @return whether it was read (not when a read of it is already under way)
	 */
	boolean poll(UUID accountId) {
		if (!this.busy.add(accountId)) {
			return false;
		}
		try {
			read(accountId);
			return true;
		}
		finally {
			this.busy.remove(accountId);
		}
	}

	private void read(UUID accountId) {
		ChannelAccountService.LiveAccount account = this.accounts.live(accountId).orElse(null);
		if (account == null || !account.activeAs(Channel.EMAIL)) {
			return;
		}
		Map<String, Object> settings = account.settings();
		MailboxSync sync = syncOf(accountId);
		if (!lease(accountId)) {
			return; // another node is reading this mailbox right now
		}
		try (Store store = connect(settings)) {
			Folder folder = store.getFolder((String) settings.get("folder"));
			folder.open(Folder.READ_WRITE);
			try {
				UIDFolder uids = (UIDFolder) folder;
				long validity = uids.getUIDValidity();
				boolean firstRead = sync.uidValidity() == null;
				long last = sync.lastUidFor(validity);
				if (firstRead) {
					// A mailbox connected for the first time: only what came in lately becomes conversations
					// (and gets acknowledged), not years of history.
					last = lastBefore(folder, uids, this.clock.instant().minus(this.firstReadWindow));
					sync.took(last);
				}
				// Every mail is stored before it is marked; the marks and the last UID are written for a batch
				// at a time (a crash in between means reading a few mails again, which their keys make harmless).
				java.util.List<Message> taken = new java.util.ArrayList<>();
				Message[] unread = uids.getMessagesByUID(last + 1, UIDFolder.MAXUID);
				// Senders and Message-IDs of all of them in one command, instead of two round trips a mail.
				FetchProfile wanted = new FetchProfile();
				wanted.add(FetchProfile.Item.ENVELOPE);
				wanted.add(UIDFolder.FetchProfileItem.UID);
				wanted.add("Message-ID");
				folder.fetch(unread, wanted);
				for (Message message : unread) {
					long uid = uids.getUID(message);
					if (uid <= last) {
						continue; // an empty range returns the newest mail again
					}
					take(accountId, message, uid, validity, (String) settings.get("folder"));
					taken.add(message);
					sync.took(uid);
					if (taken.size() == MARK_EVERY) {
						done(accountId, folder, taken, settings, sync);
					}
				}
				done(accountId, folder, taken, settings, sync);
			}
			finally {
				folder.close("move".equals(settings.get("processedAction")));
			}
			sync.synced(this.clock.instant());
		}
		catch (MessagingException | IOException | RuntimeException ex) {
			log.warn("Reading mailbox {} failed: {}", accountId, ex.toString());
			sync.failed(inWords(ex), this.clock.instant());
		}
		this.tx.executeWithoutResult(status -> this.syncs.save(sync));
		this.jdbc.update("update mailbox_sync set lease_owner = null, lease_until = null where channel_account_id = ? "
				+ "and lease_owner = ?", accountId, NODE);
	}

	private MailboxSync syncOf(UUID accountId) {
		return this.syncs.findById(accountId).orElseGet(() -> {
			try {
				return this.tx.execute(status -> this.syncs.save(new MailboxSync(accountId)));
			}
			catch (DataIntegrityViolationException createdByAnotherNode) {
				return this.syncs.findById(accountId).orElseThrow();
			}
		});
	}

	/** Takes or renews this node's lease on the mailbox; false when another node holds it. */
	private boolean lease(UUID accountId) {
		OffsetDateTime now = OffsetDateTime.ofInstant(this.clock.instant(), ZoneOffset.UTC);
		return this.jdbc.update("""
				update mailbox_sync set lease_owner = ?, lease_until = ?
				where channel_account_id = ? and (lease_owner is null or lease_owner = ? or lease_until < ?)""", NODE,
				now.plus(LEASE), accountId, NODE, now) == 1;
	}

	/** Logs in and opens the folder, as a read would; {@code null} when that works, else what went wrong. */
	@Nullable String check(Map<String, Object> settings) {
		try (Store store = connect(settings)) {
			Folder folder = store.getFolder((String) settings.get("folder"));
			folder.open(Folder.READ_ONLY);
			folder.close(false);
			return null;
		}
		catch (MessagingException | RuntimeException ex) {
			return inWords(ex);
		}
	}

	private Store connect(Map<String, Object> settings) throws MessagingException {
		String security = (String) settings.get("imapSecurity");
		String protocol = "tls".equals(security) ? "imaps" : "imap";
		Properties properties = new Properties();
		String prefix = "mail." + protocol + ".";
		properties.put(prefix + "connectiontimeout", String.valueOf(EmailProvider.TIMEOUT.toMillis()));
		properties.put(prefix + "timeout", String.valueOf(EmailProvider.TIMEOUT.toMillis()));
		// A mail is copied out in pieces of this size, one round trip each (the default, 16 KB, made a mail
		// with a photo take a dozen round trips); memory per mailbox stays bounded by it.
		properties.put(prefix + "fetchsize", String.valueOf(IMAP_FETCH_SIZE));
		if ("starttls".equals(security)) {
			properties.put("mail.imap.starttls.enable", "true");
			properties.put("mail.imap.starttls.required", "true");
		}
		if (!"none".equals(security)) {
			properties.put(prefix + "ssl.checkserveridentity", "true");
		}
		Store store = Session.getInstance(properties).getStore(protocol);
		store.connect((String) settings.get("imapHost"), ((Number) settings.get("imapPort")).intValue(),
				(String) settings.get("username"), (String) settings.get("password"));
		return store;
	}

	/** Stores the mail whole and hands it to the inbound workers. */
	private void take(UUID accountId, Message message, long uid, long validity, String folder)
			throws MessagingException, IOException {
		Path temp = Files.createTempFile("naadloos-mail-", ".eml");
		BlobStore.Stored eml;
		try {
			try (OutputStream out = Files.newOutputStream(temp)) {
				message.writeTo(out);
			}
			try (InputStream in = Files.newInputStream(temp)) {
				eml = this.blobs.put(in, Long.MAX_VALUE);
			}
		}
		finally {
			Files.deleteIfExists(temp);
		}
		String providerId = providerId(message.getHeader("Message-ID"), eml.sha256());
		String sender = sender(message);
		if (sender != null && sender.length() > MAX_KEY) {
			sender = "sha256:" + sha256(sender);
		}
		String payload = this.json.writeValueAsString(
				Map.of("eml", eml.sha256(), "size", eml.size(), "uid", uid, "uidValidity", validity, "folder", folder));
		InboundProcessor.StoredEvent event = this.processor.store(accountId, providerId,
				sender == null ? providerId : sender, payload);
		if (event.result() == null) {
			this.processor.processLater(event.id(), sender == null ? providerId : sender);
		}
	}

	/** Marks a batch of stored mails as processed, and remembers how far reading got. */
	private void done(UUID accountId, Folder folder, java.util.List<Message> taken, Map<String, Object> settings,
			MailboxSync sync) throws MessagingException {
		if (taken.isEmpty()) {
			return;
		}
		Message[] batch = taken.toArray(Message[]::new);
		if ("move".equals(settings.get("processedAction"))) {
			Folder target = folder.getStore().getFolder((String) settings.get("processedFolder"));
			if (!target.exists()) {
				target.create(Folder.HOLDS_MESSAGES);
			}
			folder.copyMessages(batch, target);
			folder.setFlags(batch, new Flags(Flags.Flag.DELETED), true);
		}
		else {
			folder.setFlags(batch, new Flags(Flags.Flag.SEEN), true);
		}
		this.tx.executeWithoutResult(status -> this.syncs.save(sync));
		lease(accountId);
		taken.clear();
	}

	/**
	 * The UID after which a first read starts: the one before the oldest mail received since {@code since}, or
	 * the newest when nothing came in since.
	 */
	private static long lastBefore(Folder folder, UIDFolder uids, Instant since) throws MessagingException {
		Message[] recent = folder.search(new ReceivedDateTerm(ComparisonTerm.GE, java.util.Date.from(since)));
		if (recent.length > 0) {
			long oldest = Long.MAX_VALUE;
			for (Message message : recent) {
				oldest = Math.min(oldest, uids.getUID(message));
			}
			return oldest - 1;
		}
		int count = folder.getMessageCount();
		return count == 0 ? 0 : uids.getUID(folder.getMessage(count));
	}

	/**
	 * What keys a mail among the mailbox's raw events: its {@code Message-ID} (the first id in the header), a
	 * hash of one that is too long to store, or for mail without one a hash of the mail itself, so that a mail
	 * read again after the server renumbered its mail is still recognised.
	 */
	static String providerId(String @Nullable [] header, String emlSha256) {
		String id = header == null || header.length == 0 || header[0] == null ? "" : header[0].strip();
		java.util.regex.Matcher bracketed = java.util.regex.Pattern.compile("<[^<>\\s]+>").matcher(id);
		if (bracketed.find()) {
			id = bracketed.group();
		}
		if (id.isEmpty()) {
			return "sha256:" + emlSha256;
		}
		return id.length() > MAX_KEY ? "sha256:" + sha256(id) : id;
	}

	private static String sha256(String value) {
		try {
			return java.util.HexFormat.of()
				.formatHex(java.security.MessageDigest.getInstance("SHA-256")
					.digest(value.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static @Nullable String sender(Message message) {
		try {
			return message.getFrom() != null && message.getFrom().length > 0
					&& message.getFrom()[0] instanceof InternetAddress address && address.getAddress() != null
							? address.getAddress().toLowerCase(Locale.ROOT) : null;
		}
		catch (MessagingException unreadableFrom) {
			return null;
		}
	}

	/** What an admin reads in the mailbox's status. */
	static String inWords(Exception ex) {
		if (ex instanceof jakarta.mail.AuthenticationFailedException) {
			return "The mail server refused the login; check the username and password.";
		}
		if (ex instanceof jakarta.mail.FolderNotFoundException) {
			return "The folder to read does not exist on the mail server.";
		}
		Throwable cause = ex;
		while (cause.getCause() != null) {
			cause = cause.getCause();
		}
		if (cause instanceof java.net.ConnectException || cause instanceof java.net.UnknownHostException) {
			return "The mail server cannot be reached: " + cause.getMessage();
		}
		return ex.getClass().getSimpleName() + ": " + ex.getMessage();
	}

	@PreDestroy
	void stop() {
		this.stopped = true;
		for (Store store : this.watching.values()) {
			try {
				store.close(); // ends a waiting IDLE
			}
			catch (MessagingException ignored) {
				// closing anyway
			}
		}
		this.readers.shutdownNow();
	}

}
