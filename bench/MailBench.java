import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;

import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import jakarta.activation.DataHandler;
import jakarta.activation.DataSource;
import jakarta.mail.Flags;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

/**
 * Mail server and mail generator of {@code bench/mail-ingest.sh}. Runs with the GreenMail standalone jar on the
 * class path ({@code java -cp greenmail-standalone-2.1.13.jar bench/MailBench.java key=value ...}):
 *
 * <ul>
 * <li>starts GreenMail (IMAP and SMTP on loopback) with one mailbox user;</li>
 * <li>puts a counting TCP proxy in front of its IMAP port (the application connects to the proxy): it counts the
 * IMAP commands the application sends, by kind, and the bytes each way, without changing them;</li>
 * <li>runs the phases the script asks for, one after the other: for phase P it waits until the file {@code go-P}
 * exists in {@code dir}, appends the phase's mails straight into the INBOX (GreenMail's own store, as its SMTP
 * server would deliver them, without the SMTP cost), writes {@code appended-P.tsv} (Message-ID, epoch ms of the
 * append, size in bytes, kind) and {@code done-P}, and the IMAP counters of the phase into {@code imap-P.tsv}
 * once the next {@code go-} file or {@code stop} appears;</li>
 * <li>ends when the file {@code stop} appears.</li>
 * </ul>
 *
 * Phases ({@code phases=mixed,paced,big}):
 * <ul>
 * <li>{@code mixed}: {@code mixed} mails (default 10,000) of {@code customers} senders, appended as fast as the
 * application takes them, keeping at most {@code backlog} untaken mails in the INBOX ({@code backlog=0}: all of
 * them at once, before the application reads);</li>
 * <li>{@code paced}: {@code paced} mails at a fixed {@code rate} per second, whatever the application does (the
 * latency of a mailbox that is not overloaded); a file {@code rate} in {@code dir} overrides the rate;</li>
 * <li>{@code big}: {@code big} mails with one attachment each, of the sizes in {@code bigMb} (MB, in turn), at most
 * {@code bigBacklog} untaken at a time.</li>
 * </ul>
 *
 * Mail bodies come from the templates below (and, when {@code corpus} names a directory with {@code *.eml}
 * files, every {@code corpusEvery}-th mail is one of those, with a Message-ID of its own).
 */
public class MailBench {

	static final String[] FIRST = { "Anouk", "Daan", "Sanne", "Fatima", "Oliver", "Emily", "Lars", "Noor", "Sem",
			"Julia", "Mohammed", "Tess", "Bram", "Lotte", "Finn", "Eva", "Yara", "Thijs", "Zoë", "Milan", "Jürgen",
			"Chloé", "Søren", "Ayşe", "Łukasz", "François", "Ingrid", "Giulia" };

	static final String[] LAST = { "de Vries", "Jansen", "Peeters", "El Amrani", "Hughes", "Carter", "Bakker", "Visser",
			"Smit", "Meijer", "de Boer", "Mulder", "Müller", "Bos", "Vos", "Dubois", "Hendriks", "van Dijk", "Yılmaz",
			"Kaya", "Nowak", "Janssens", "Schröder", "Lefèvre" };

	static final String[] DOMAINS = { "example.nl", "mail.example.com", "example.be", "example.de", "example.fr",
			"example.org", "klant.example.nl", "example.co.uk" };

	/** Language of a customer, and the charsets its mail programs use. */
	record Lang(String code, String[] charsets) {
	}

	static final Lang[] LANGS = { new Lang("nl", new String[] { "UTF-8", "ISO-8859-1", "windows-1252" }),
			new Lang("en", new String[] { "UTF-8", "us-ascii", "UTF-8" }),
			new Lang("de", new String[] { "UTF-8", "ISO-8859-15", "ISO-8859-1" }),
			new Lang("fr", new String[] { "UTF-8", "ISO-8859-1", "windows-1252" }) };

	static final Map<String, String[]> SUBJECTS = Map.of("nl",
			new String[] { "Vraag over bestelling %d", "Retour van bestelling %d", "Pakket %d beschadigd",
					"Factuur %d klopt niet", "Levering %d naar België?", "Adreswijziging bestelling %d" },
			"en",
			new String[] { "Question about order %d", "Return for order %d", "Parcel %d arrived damaged",
					"Invoice %d is wrong", "Where is my order %d?", "Charged twice for order %d" },
			"de",
			new String[] { "Frage zur Bestellung %d", "Rücksendung Bestellung %d", "Paket %d beschädigt",
					"Rechnung %d ist falsch", "Lieferung %d nach Österreich?" },
			"fr",
			new String[] { "Question sur la commande %d", "Retour de la commande %d", "Colis %d endommagé",
					"Facture %d erronée", "Où est ma commande %d ?" });

	static final Map<String, String[]> SENTENCES = Map.of("nl",
			new String[] { "Ik heb op %s een bestelling geplaatst maar nog niets ontvangen.",
					"Het pakket was beschadigd en de inhoud is gebroken.", "Kunt u mij laten weten wat de status is?",
					"Ik wil graag mijn geld terug, of een vervangend product.",
			"De factuur vermeldt een bedrag van € %s, dat klopt niet.", "Mijn nieuwe adres is Kerkstraat 12, 3511 AB Utrecht.",
					"Alvast bedankt voor de moeite!", "Ik heb al twee keer gebeld maar niemand kon me helpen 😞" },
			"en",
			new String[] { "I placed an order on %s but have not received anything yet.",
					"The parcel was damaged and the contents are broken.", "Could you tell me what the status is?",
					"I would like a refund or a replacement.", "The invoice says £ %s, which is wrong.",
					"Please deliver to my new address: 221B Baker Street, London.", "Thanks in advance!",
					"This is the second time I'm writing about this 🙁" },
			"de",
			new String[] { "Ich habe am %s bestellt, aber noch nichts erhalten.",
					"Das Paket war beschädigt und der Inhalt ist kaputt.", "Können Sie mir bitte den Status mitteilen?",
					"Ich möchte mein Geld zurück oder einen Ersatz.", "Die Rechnung über %s € ist falsch.",
					"Meine neue Adresse lautet Hauptstraße 5, 80331 München.", "Vielen Dank im Voraus!",
					"Grüße aus Köln – und bitte schnell antworten." },
			"fr",
			new String[] { "J'ai passé une commande le %s mais je n'ai rien reçu.",
					"Le colis était endommagé et le contenu est cassé.", "Pouvez-vous me dire où en est ma commande ?",
					"Je voudrais être remboursé ou recevoir un produit de remplacement.",
					"La facture indique %s €, ce qui est erroné.", "Ma nouvelle adresse : 12 rue de la Paix, 75002 Paris.",
					"Merci d'avance !", "Très déçu, c'est la deuxième fois 😡" });

	static final Map<String, String> WROTE = Map.of("nl", "Op %s schreef %s:", "en", "On %s, %s wrote:", "de",
			"Am %s schrieb %s:", "fr", "Le %s, %s a écrit :");

	static final Map<String, String> REPLY_PREFIX = Map.of("nl", "Re: ", "en", "Re: ", "de", "AW: ", "fr", "RE: ");

	static final String[][] AUTO = { { "Automatic reply: ", "I am out of the office until Monday and will not read my mail." },
			{ "Afwezig: ", "Ik ben afwezig tot en met vrijdag en lees mijn mail niet." },
			{ "Out of Office: ", "Thank you for your message. I am on leave with limited access to e-mail." },
			{ "Automatisch antwoord: ", "Bedankt voor uw bericht. Wij reageren binnen twee werkdagen." } };

	/** Files customers send: name, type. */
	static final String[][] FILES = { { "factuur-%d.pdf", "application/pdf" }, { "foto_schade_%d.jpg", "image/jpeg" },
			{ "Screenshot %d.png", "image/png" }, { "Rücksendeschein %d.pdf", "application/pdf" },
			{ "bon €%d.jpg", "image/jpeg" }, { "brief-%d.docx",
					"application/vnd.openxmlformats-officedocument.wordprocessingml.document" },
			{ "reçu_%d.pdf", "application/pdf" } };

	static final DateTimeFormatter RFC = DateTimeFormatter.ofPattern("d MMM yyyy HH:mm", Locale.ROOT);

	final Map<String, String> args = new HashMap<>();

	final Path dir;

	final String run;

	final Session session;

	final SplittableRandom random;

	/** Incompressible bytes that attachments are cut from (with a unique prefix, so no two files are equal). */
	final byte[] pool = new byte[40 * 1024 * 1024];

	/** Per customer: the Message-IDs, subjects and texts of its mails so far (for replies). */
	final Map<Integer, List<String[]>> history = new HashMap<>();

	final List<Path> corpus = new ArrayList<>();

	GreenMail greenMail;

	GreenMailUser user;

	MailFolder inbox;

	final Map<String, LongAdder> commands = new ConcurrentHashMap<>();

	final AtomicLong bytesToServer = new AtomicLong();

	final AtomicLong bytesToClient = new AtomicLong();

	final AtomicLong connections = new AtomicLong();

	MailBench(String[] argv) {
		for (String a : argv) {
			int eq = a.indexOf('=');
			this.args.put(a.substring(0, eq), a.substring(eq + 1));
		}
		this.dir = Path.of(arg("dir", "."));
		this.run = arg("run", "bench");
		Properties props = new Properties();
		this.session = Session.getInstance(props);
		this.random = new SplittableRandom(Long.parseLong(arg("seed", "20261123")));
		SplittableRandom bytes = new SplittableRandom(7);
		ByteBuffer buffer = ByteBuffer.wrap(this.pool);
		while (buffer.remaining() >= 8) {
			buffer.putLong(bytes.nextLong());
		}
	}

	String arg(String name, String dflt) {
		return this.args.getOrDefault(name, dflt);
	}

	int intArg(String name, int dflt) {
		return Integer.parseInt(arg(name, String.valueOf(dflt)));
	}

	public static void main(String[] argv) throws Exception {
		new MailBench(argv).serve();
	}

	void serve() throws Exception {
		int imapPort = intArg("imapPort", 3143);
		int smtpPort = intArg("smtpPort", 3025);
		int proxyPort = intArg("proxyPort", 3144);
		String address = arg("address", "support@bench.naadloos.test");
		ServerSetup imap = new ServerSetup(imapPort, "127.0.0.1", ServerSetup.PROTOCOL_IMAP);
		ServerSetup smtp = new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP);
		smtp.setServerStartupTimeout(20_000);
		this.greenMail = new GreenMail(new ServerSetup[] { smtp });
		this.greenMail.start();
		NoDelayImapServer imapServer = new NoDelayImapServer(imap, this.greenMail.getManagers());
		imapServer.setClientSocketTimeout(3_600_000);
		imapServer.startService();
		if (!imapServer.waitTillRunning(20_000)) {
			throw new IllegalStateException("GreenMail's IMAP server did not start on port " + imapPort);
		}
		this.user = this.greenMail.setUser(address, arg("login", "support"), arg("password", "secret"));
		this.inbox = this.greenMail.getManagers().getImapHostManager().getInbox(this.user);
		Path corpusDir = Path.of(arg("corpus", "/nonexistent"));
		if (Files.isDirectory(corpusDir)) {
			try (Stream<Path> files = Files.list(corpusDir)) {
				files.filter(p -> p.toString().endsWith(".eml")).sorted().forEach(this.corpus::add);
			}
		}
		startProxy(proxyPort, imapPort);
		write("ready", "imap " + imapPort + " proxy " + proxyPort + " smtp " + smtpPort + " corpus " + this.corpus.size()
				+ "\n");
		log("GreenMail up: IMAP 127.0.0.1:" + imapPort + " (proxy " + proxyPort + "), SMTP " + smtpPort + ", corpus files "
				+ this.corpus.size());
		String previous = null;
		Map<String, Long> before = snapshot();
		for (String phase : arg("phases", "mixed,paced,big").split(",")) {
			if (phase.isBlank()) {
				continue;
			}
			waitFor("go-" + phase);
			if (previous != null) {
				writeImap(previous, before);
			}
			before = snapshot();
			previous = phase;
			log("phase " + phase + " starts");
			List<String> lines = switch (phase) {
				case "mixed" -> mixed();
				case "paced" -> paced();
				case "big" -> big();
				default -> throw new IllegalArgumentException("unknown phase " + phase);
			};
			Path tsv = this.dir.resolve("appended-" + phase + ".tsv");
			Files.write(tsv, lines);
			write("done-" + phase, lines.size() + "\n");
			log("phase " + phase + ": " + lines.size() + " mails appended");
		}
		waitFor("stop");
		if (previous != null) {
			writeImap(previous, before);
		}
		this.greenMail.stop();
		log("stopped");
		System.exit(0);
	}

	// ------------------------------------------------------------------------------------------ phases

	List<String> mixed() throws Exception {
		int total = intArg("mixed", 10_000);
		int backlog = intArg("backlog", 200);
		int customers = intArg("customers", 2000);
		int hugeEvery = intArg("hugeEvery", 1000);
		int corpusEvery = intArg("corpusEvery", 25);
		double attachShare = Double.parseDouble(arg("attachShare", "0.2"));
		List<String> lines = new ArrayList<>(total);
		for (int i = 0; i < total; i++) {
			if (backlog > 0) {
				waitForBacklog(backlog);
			}
			String id = "<mixed-" + i + "." + this.run + "@bench.naadloos.test>";
			Generated mail;
			if (!this.corpus.isEmpty() && i % corpusEvery == corpusEvery - 1) {
				mail = fromCorpus(this.corpus.get((i / corpusEvery) % this.corpus.size()), id);
			}
			else {
				int customer = this.random.nextInt(customers);
				long attachment = 0;
				if (hugeEvery > 0 && i % hugeEvery == hugeEvery / 2) {
					attachment = 10L * 1024 * 1024;
				}
				else if (this.random.nextDouble() < attachShare) {
					// log-uniform between 50 KB and 2 MB: many small files, some large ones
					attachment = (long) (50 * 1024 * Math.exp(this.random.nextDouble() * Math.log(2048.0 / 50)));
				}
				mail = generate(i, id, customer, attachment);
			}
			lines.add(append(mail));
		}
		return lines;
	}

	List<String> paced() throws Exception {
		int total = intArg("paced", 300);
		// "auto": the script writes the rate into the file "rate" before it starts the phase
		Path rateFile = this.dir.resolve("rate");
		double rate = Double.parseDouble(Files.exists(rateFile) ? Files.readString(rateFile).strip() : arg("rate", "5"));
		int customers = intArg("customers", 2000);
		List<String> lines = new ArrayList<>(total);
		long start = System.nanoTime();
		for (int i = 0; i < total; i++) {
			long due = start + (long) (i * 1e9 / rate);
			long wait = due - System.nanoTime();
			if (wait > 0) {
				Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
			}
			String id = "<paced-" + i + "." + this.run + "@bench.naadloos.test>";
			long attachment = this.random.nextDouble() < 0.2
					? (long) (50 * 1024 * Math.exp(this.random.nextDouble() * Math.log(2048.0 / 50))) : 0;
			lines.add(append(generate(i, id, this.random.nextInt(customers), attachment)));
		}
		return lines;
	}

	List<String> big() throws Exception {
		int total = intArg("big", 12);
		int backlog = intArg("bigBacklog", 2);
		String[] sizes = arg("bigMb", "5,10,20").split(",");
		List<String> lines = new ArrayList<>(total);
		for (int i = 0; i < total; i++) {
			waitForBacklog(backlog);
			String id = "<big-" + i + "." + this.run + "@bench.naadloos.test>";
			long bytes = (long) (Double.parseDouble(sizes[i % sizes.length]) * 1024 * 1024);
			// plain text with the file, from customers of their own (their first mail: a new conversation)
			lines.add(append(generate(i, id, 1_000_000 + i, bytes)));
		}
		return lines;
	}

	/** Waits until fewer than {@code backlog} mails in the INBOX are untaken (not yet flagged as processed). */
	void waitForBacklog(int backlog) throws InterruptedException {
		while (untaken() >= backlog) {
			Thread.sleep(2);
		}
	}

	int untaken() {
		while (true) {
			try {
				int n = 0;
				for (var m : this.inbox.getMessages()) {
					if (!m.isSet(Flags.Flag.DELETED) && !m.isSet(Flags.Flag.SEEN)) {
						n++;
					}
				}
				return n;
			}
			catch (java.util.ConcurrentModificationException changedMeanwhile) {
				// the application expunged or the list grew while counting: count again
			}
		}
	}

	record Generated(MimeMessage message, String kind) {
	}

	String append(Generated mail) throws Exception {
		mail.message().saveChanges();
		long uid = this.inbox.appendMessage(mail.message(), new Flags(), new Date());
		long at = System.currentTimeMillis();
		long bytes = this.inbox.getMessage(uid).getAttributes().getSize();
		// Mails taken already are deleted from the folder they were moved to: GreenMail keeps everything in
		// memory, and a real mail server's processed folder is not what this measures.
		MailFolder processed = this.greenMail.getManagers().getImapHostManager().getFolder(this.user, "Processed");
		if (processed != null && processed.getMessageCount() > 200) {
			processed.deleteAllMessages();
		}
		String id = mail.message().getHeader("Message-ID", null);
		return id + "\t" + at + "\t" + bytes + "\t" + mail.kind();
	}

	// --------------------------------------------------------------------------------------- generator

	/** A MimeMessage whose Message-ID is the one given (saveChanges() would make one up). */
	static final class BenchMessage extends MimeMessage {

		final String id;

		BenchMessage(Session session, String id) {
			super(session);
			this.id = id;
		}

		BenchMessage(Session session, InputStream in, String id) throws Exception {
			super(session, in);
			this.id = id;
		}

		@Override
		protected void updateMessageID() throws jakarta.mail.MessagingException {
			setHeader("Message-ID", this.id);
		}

	}

	Generated fromCorpus(Path file, String id) throws Exception {
		try (InputStream in = Files.newInputStream(file)) {
			return new Generated(new BenchMessage(this.session, in, id), "corpus");
		}
	}

	Generated generate(int i, String id, int customer, long attachmentBytes) throws Exception {
		Lang lang = LANGS[customer % LANGS.length];
		String first = FIRST[customer % FIRST.length];
		String last = LAST[(customer / FIRST.length) % LAST.length];
		String address = (first + "." + last.replace(" ", "") + "." + customer).toLowerCase(Locale.ROOT)
			.replaceAll("[^a-z0-9.]", "x") + "@" + DOMAINS[customer % DOMAINS.length];
		String charset = lang.charsets()[this.random.nextInt(lang.charsets().length)];
		String[] sentences = SENTENCES.get(lang.code());
		List<String[]> earlier = this.history.computeIfAbsent(customer, k -> new ArrayList<>());
		BenchMessage msg = new BenchMessage(this.session, id);
		msg.setFrom(new InternetAddress(address, first + " " + last, "UTF-8"));
		msg.setRecipient(jakarta.mail.Message.RecipientType.TO,
				new InternetAddress(arg("address", "support@bench.naadloos.test")));
		msg.setSentDate(new Date());
		double roll = this.random.nextDouble();
		String kind;
		String subject;
		String text;
		String html = null;
		if (!earlier.isEmpty() && roll < 0.05) {
			// an auto-reply to the customer's last mail thread (an out-of-office to our answer)
			String[] prev = earlier.get(earlier.size() - 1);
			String[] auto = AUTO[this.random.nextInt(AUTO.length)];
			kind = "auto";
			subject = auto[0] + prev[1];
			text = auto[1];
			msg.setHeader("Auto-Submitted", "auto-replied");
			msg.setHeader("X-Autoreply", "yes");
			msg.setHeader("In-Reply-To", prev[0]);
		}
		else if (!earlier.isEmpty() && roll < 0.45) {
			// a reply with the quoted history
			String[] prev = earlier.get(earlier.size() - 1);
			kind = "reply";
			subject = prev[1].startsWith(REPLY_PREFIX.get(lang.code())) ? prev[1] : REPLY_PREFIX.get(lang.code()) + prev[1];
			StringBuilder refs = new StringBuilder();
			for (String[] e : earlier.subList(Math.max(0, earlier.size() - 6), earlier.size())) {
				refs.append(refs.isEmpty() ? "" : " ").append(e[0]);
			}
			msg.setHeader("In-Reply-To", prev[0]);
			msg.setHeader("References", refs.toString());
			StringBuilder body = new StringBuilder(paragraphs(sentences, 1 + this.random.nextInt(3)));
			body.append("\n\n").append(first).append("\n\n");
			body.append(WROTE.get(lang.code()).formatted(ZonedDateTime.now().minusHours(3).format(RFC), first + " " + last))
				.append('\n');
			for (String line : prev[2].split("\n")) {
				body.append("> ").append(line).append('\n');
			}
			text = body.toString();
			if (this.random.nextDouble() < 0.4) {
				html = "<div dir=\"ltr\">" + escape(paragraphs(sentences, 2)).replace("\n", "<br>")
						+ "</div><br><div class=\"gmail_quote\">" + escape(WROTE.get(lang.code())
							.formatted(ZonedDateTime.now().format(RFC), first))
						+ "<blockquote style=\"margin:0 0 0 .8ex;border-left:1px #ccc solid\">"
						+ escape(prev[2]).replace("\n", "<br>") + "</blockquote></div>";
			}
		}
		else {
			kind = roll < 0.70 ? "plain" : roll < 0.82 ? "html" : "alternative";
			String[] subjects = SUBJECTS.get(lang.code());
			subject = subjects[this.random.nextInt(subjects.length)].formatted(100_000 + this.random.nextInt(900_000));
			text = paragraphs(sentences, 2 + this.random.nextInt(8)) + "\n\n-- \n" + first + " " + last;
			if (!kind.equals("plain")) {
				html = "<html><head><style>p{font-family:Arial}</style><script>alert(1)</script></head><body>"
						+ "<p>" + escape(text).replace("\n\n", "</p><p>").replace("\n", "<br>") + "</p>"
						+ "<p><a href=\"https://shop.example.nl/orders\" onclick=\"steal()\">Mijn bestellingen</a>"
						+ "<img src=\"https://tracker.example.com/p.gif\"></p></body></html>";
				if (kind.equals("html")) {
					text = null;
				}
			}
		}
		msg.setSubject(subject, charset.equals("us-ascii") ? "UTF-8" : charset);
		if (charset.equals("us-ascii") && !isAscii(text == null ? "" : text)) {
			charset = "UTF-8";
		}
		if (!charset.equals("UTF-8") && text != null && !charset.equals("us-ascii")
				&& !java.nio.charset.Charset.forName(charset).newEncoder().canEncode(text)) {
			charset = "UTF-8"; // emoji do not fit in Latin-1
		}
		MimeBodyPart body = new MimeBodyPart();
		if (html != null && text != null) {
			MimeMultipart alternative = new MimeMultipart("alternative");
			MimeBodyPart plain = new MimeBodyPart();
			plain.setText(text, charset);
			MimeBodyPart rich = new MimeBodyPart();
			rich.setText(html, "UTF-8", "html");
			alternative.addBodyPart(plain);
			alternative.addBodyPart(rich);
			body.setContent(alternative);
			kind = kind.equals("reply") ? "reply-html" : kind;
		}
		else if (html != null) {
			body.setText(html, "UTF-8", "html");
		}
		else {
			body.setText(text, charset);
		}
		if (attachmentBytes > 0) {
			MimeMultipart mixed = new MimeMultipart("mixed");
			mixed.addBodyPart(body);
			String[] file = FILES[this.random.nextInt(FILES.length)];
			MimeBodyPart part = new MimeBodyPart();
			part.setDataHandler(new DataHandler(slice(i, attachmentBytes, file[1])));
			part.setFileName(file[0].formatted(1000 + this.random.nextInt(9000)));
			part.setDisposition(MimeBodyPart.ATTACHMENT);
			mixed.addBodyPart(part);
			msg.setContent(mixed);
			kind = kind + "+file";
		}
		else if (body.getContent() instanceof MimeMultipart multipart) {
			msg.setContent(multipart);
		}
		else {
			msg.setContent(body.getContent(), body.getContentType());
			if (body.getHeader("Content-Transfer-Encoding") != null) {
				msg.setHeader("Content-Transfer-Encoding", body.getHeader("Content-Transfer-Encoding", null));
			}
		}
		earlier.add(new String[] { id, subject, text != null ? text : paragraphs(sentences, 1) });
		if (earlier.size() > 8) {
			earlier.remove(0);
		}
		return new Generated(msg, kind);
	}

	String paragraphs(String[] sentences, int n) {
		StringBuilder out = new StringBuilder();
		for (int p = 0; p < n; p++) {
			if (p > 0) {
				out.append("\n\n");
			}
			int count = 1 + this.random.nextInt(4);
			for (int s = 0; s < count; s++) {
				String sentence = sentences[this.random.nextInt(sentences.length)];
				out.append(s == 0 ? "" : " ")
					.append(sentence.contains("%s") ? sentence.formatted(this.random.nextInt(28) + 1 + "-"
							+ (this.random.nextInt(12) + 1) + "-2026") : sentence);
			}
		}
		return out.toString();
	}

	static boolean isAscii(String s) {
		return s.chars().allMatch(c -> c < 128);
	}

	static String escape(String s) {
		return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
	}

	/** A file of the given size: a unique 16-byte prefix, then bytes cut from the random pool. */
	DataSource slice(int i, long size, String type) {
		int length = (int) Math.min(size, this.pool.length);
		int offset = this.random.nextInt(this.pool.length - length + 1);
		byte[] prefix = ByteBuffer.allocate(16).putLong(this.random.nextLong()).putLong(i).array();
		return new DataSource() {
			@Override
			public InputStream getInputStream() {
				return new SequenceInputStream(new ByteArrayInputStream(prefix),
						new ByteArrayInputStream(MailBench.this.pool, offset, Math.max(0, length - 16)));
			}

			@Override
			public OutputStream getOutputStream() {
				throw new UnsupportedOperationException();
			}

			@Override
			public String getContentType() {
				return type;
			}

			@Override
			public String getName() {
				return "file";
			}
		};
	}

	// ------------------------------------------------------------------------------------------- proxy

	/**
	 * GreenMail's IMAP server, with two settings its own does not have. TCP_NODELAY on every connection: GreenMail
	 * writes a FETCH answer in several small writes, and without it each one waits for the client's delayed ACK
	 * (Nagle): 47 ms per FETCH instead of 1 ms here, which would measure the mail server instead of the
	 * application. And a client socket timeout of an hour instead of 30 s, so an IMAP IDLE that waits longer
	 * than 30 s is not cut off. Connections are still handled by GreenMail's own ImapServer.
	 */
	static final class NoDelayImapServer extends com.icegreen.greenmail.server.AbstractServer {

		final com.icegreen.greenmail.imap.ImapServer imap;

		final java.lang.reflect.Method create;

		NoDelayImapServer(ServerSetup setup, com.icegreen.greenmail.Managers managers) throws Exception {
			super(setup, managers);
			this.imap = new com.icegreen.greenmail.imap.ImapServer(setup, managers);
			this.create = com.icegreen.greenmail.imap.ImapServer.class.getDeclaredMethod("createProtocolHandler",
					Socket.class);
			this.create.setAccessible(true);
		}

		@Override
		protected com.icegreen.greenmail.server.ProtocolHandler createProtocolHandler(Socket socket) {
			try {
				socket.setTcpNoDelay(true);
				return (com.icegreen.greenmail.server.ProtocolHandler) this.create.invoke(this.imap, socket);
			}
			catch (ReflectiveOperationException | IOException ex) {
				throw new IllegalStateException(ex);
			}
		}

	}

	/** Forwards IMAP connections to GreenMail and counts the commands the client sends, by kind. */
	void startProxy(int port, int target) throws IOException {
		ServerSocket server = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
		Thread.ofPlatform().daemon().name("proxy-accept").start(() -> {
			while (true) {
				try {
					Socket client = server.accept();
					Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target);
					client.setTcpNoDelay(true);
					upstream.setTcpNoDelay(true);
					this.connections.incrementAndGet();
					Thread.ofPlatform().daemon().start(() -> pump(upstream, client, false));
					Thread.ofPlatform().daemon().start(() -> pump(client, upstream, true));
				}
				catch (IOException ex) {
					return;
				}
			}
		});
	}

	void pump(Socket from, Socket to, boolean fromClient) {
		byte[] buffer = new byte[64 * 1024];
		StringBuilder line = new StringBuilder();
		try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
			for (int n; (n = in.read(buffer)) != -1;) {
				out.write(buffer, 0, n);
				out.flush();
				if (fromClient) {
					this.bytesToServer.addAndGet(n);
					for (int k = 0; k < n; k++) {
						char c = (char) (buffer[k] & 0xff);
						if (c == '\n') {
							count(line.toString());
							line.setLength(0);
						}
						else if (line.length() < 200) {
							line.append(c);
						}
					}
				}
				else {
					this.bytesToClient.addAndGet(n);
				}
			}
		}
		catch (IOException ex) {
			// connection closed
		}
		finally {
			try {
				from.close();
				to.close();
			}
			catch (IOException ignored) {
				// closed
			}
		}
	}

	void count(String line) {
		String[] words = line.strip().split(" ");
		if (words.length < 2) {
			this.commands.computeIfAbsent(line.strip().isEmpty() ? "(empty)" : words[0], k -> new LongAdder()).increment();
			return;
		}
		String command = words[1].toUpperCase(Locale.ROOT);
		if (command.equals("UID") && words.length > 2) {
			command = "UID " + words[2].toUpperCase(Locale.ROOT);
		}
		if (command.endsWith("FETCH")) {
			String upper = line.strip().toUpperCase(Locale.ROOT);
			String what = upper.matches(".*BODY(\\.PEEK)?\\[\\]<.*") ? "whole mail, a 16 KB piece (partial fetch)"
					: upper.matches(".*BODY(\\.PEEK)?\\[\\].*") ? "whole mail"
							: upper.contains("HEADER") ? "headers"
									: upper.contains("ENVELOPE") ? "envelope" : upper.contains("BODYSTRUCTURE")
											? "body structure" : upper.contains("FLAGS") ? "flags" : "other";
			command = command + " (" + what + ")";
		}
		this.commands.computeIfAbsent(command, k -> new LongAdder()).increment();
	}

	Map<String, Long> snapshot() {
		Map<String, Long> snap = new TreeMap<>();
		this.commands.forEach((k, v) -> snap.put(k, v.sum()));
		snap.put("#bytes to server", this.bytesToServer.get());
		snap.put("#bytes to client", this.bytesToClient.get());
		snap.put("#connections", this.connections.get());
		return snap;
	}

	void writeImap(String phase, Map<String, Long> before) throws IOException {
		StringBuilder out = new StringBuilder();
		snapshot().forEach((k, v) -> {
			long d = v - before.getOrDefault(k, 0L);
			if (d > 0) {
				out.append(k).append('\t').append(d).append('\n');
			}
		});
		write("imap-" + phase + ".tsv", out.toString());
	}

	// -------------------------------------------------------------------------------------------- files

	void waitFor(String name) throws InterruptedException {
		while (!Files.exists(this.dir.resolve(name))) {
			Thread.sleep(50);
		}
	}

	void write(String name, String content) throws IOException {
		Path next = this.dir.resolve(name + ".next");
		Files.writeString(next, content, StandardCharsets.UTF_8);
		Files.move(next, this.dir.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
	}

	static void log(String message) {
		System.out.println(java.time.LocalTime.now().withNano(0) + " " + message);
	}

	static {
		// quiet: the IMAP server logs every connection at INFO otherwise
		System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
	}

}
