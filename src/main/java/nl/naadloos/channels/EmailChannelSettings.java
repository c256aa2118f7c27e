package nl.naadloos.channels;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

import nl.naadloos.contacts.Addresses;
import nl.naadloos.platform.Channel;
import nl.naadloos.platform.InvalidRequest;

/**
 * Settings of a mailbox: its {@code address} and {@code displayName}, IMAP and SMTP servers with their
 * security ({@code none}, {@code starttls}, {@code tls}), the login ({@code username}, {@code password},
 * write-only), the {@code folder} to read and what happens to processed mail ({@code keep}: flagged as
 * seen, or {@code move} to {@code processedFolder}), and whether a new conversation gets an automatic
 * {@code acknowledge}ment. {@code acknowledgeLanguage} ({@code en} or {@code nl}) is the language of
 * everything the mailbox writes by itself: acknowledgements, the subject of a reply to a mail without one and
 * the line above quoted history. {@code signature} closes every reply ({@code {agent}} and {@code {mailbox}}
 * are filled in; default {@value #DEFAULT_SIGNATURE}; empty for none), and {@code quoteHistory} (default on) quotes the
 * customer's mail being answered below the reply, as mail clients do.
 */
@Component
class EmailChannelSettings implements ChannelSettings {

	static final List<String> SECURITY = List.of("none", "starttls", "tls");

	private static final Set<String> KEYS = Set.of("address", "displayName", "imapHost", "imapPort", "imapSecurity",
			"smtpHost", "smtpPort", "smtpSecurity", "username", "password", "folder", "processedAction",
			"processedFolder", "acknowledge", "acknowledgeLanguage", "signature", "quoteHistory");

	/** The signature of a mailbox that has none of its own: the agent's name and the mailbox's. */
	static final String DEFAULT_SIGNATURE = "{agent}\n{mailbox}";

	static final int MAX_SIGNATURE = 2000;

	@Override
	public Channel channel() {
		return Channel.EMAIL;
	}

	@Override
	public Set<String> secretKeys() {
		return Set.of("password");
	}

	@Override
	public Map<String, Object> validate(Map<String, Object> requested, @Nullable Map<String, Object> current) {
		for (String key : requested.keySet()) {
			if (!KEYS.contains(key)) {
				throw new InvalidRequest("Unknown setting '" + key + "' for the email channel; known: "
						+ String.join(", ", KEYS.stream().sorted().toList()) + ".");
			}
		}
		Map<String, Object> merged = new LinkedHashMap<>();
		if (current != null) {
			merged.putAll(current);
		}
		merged.putAll(requested);
		Map<String, Object> valid = new LinkedHashMap<>();
		String address = text(merged, "address", true);
		try {
			valid.put("address", Addresses.email(address));
		}
		catch (InvalidRequest ex) {
			throw new InvalidRequest("settings.address is not an e-mail address: " + address);
		}
		String displayName = text(merged, "displayName", false);
		if (displayName != null) {
			valid.put("displayName", displayName);
		}
		for (String server : List.of("imap", "smtp")) {
			valid.put(server + "Host", host(text(merged, server + "Host", true), server + "Host"));
			String security = text(merged, server + "Security", false);
			security = security == null ? "tls" : security.toLowerCase(Locale.ROOT);
			if (!SECURITY.contains(security)) {
				throw new InvalidRequest("settings." + server + "Security must be none, starttls or tls.");
			}
			valid.put(server + "Security", security);
			valid.put(server + "Port", port(merged.get(server + "Port"), server, security));
		}
		valid.put("username", text(merged, "username", true));
		String password = text(merged, "password", true);
		valid.put("password", password);
		String folder = text(merged, "folder", false);
		valid.put("folder", folder == null ? "INBOX" : folder);
		String action = text(merged, "processedAction", false);
		action = action == null ? "keep" : action.toLowerCase(Locale.ROOT);
		if (!List.of("keep", "move").contains(action)) {
			throw new InvalidRequest("settings.processedAction must be keep (flag as seen) or move (to processedFolder).");
		}
		valid.put("processedAction", action);
		if (action.equals("move")) {
			valid.put("processedFolder", text(merged, "processedFolder", true));
		}
		Object acknowledge = merged.getOrDefault("acknowledge", Boolean.FALSE);
		if (!(acknowledge instanceof Boolean)) {
			throw new InvalidRequest("settings.acknowledge must be true or false.");
		}
		valid.put("acknowledge", acknowledge);
		String language = text(merged, "acknowledgeLanguage", false);
		language = language == null ? "en" : language.toLowerCase(Locale.ROOT);
		if (!List.of("en", "nl").contains(language)) {
			throw new InvalidRequest("settings.acknowledgeLanguage must be en or nl.");
		}
		valid.put("acknowledgeLanguage", language);
		Object signature = merged.get("signature");
		if (signature == null) {
			valid.put("signature", DEFAULT_SIGNATURE);
		}
		else if (signature instanceof String s && s.isBlank()) {
			valid.put("signature", ""); // no signature at all
		}
		else if (!(signature instanceof String s) || s.length() > MAX_SIGNATURE) {
			throw new InvalidRequest("settings.signature must be text of at most " + MAX_SIGNATURE + " characters.");
		}
		else {
			valid.put("signature", s.replace("\r\n", "\n").strip());
		}
		Object quote = merged.getOrDefault("quoteHistory", Boolean.TRUE);
		if (!(quote instanceof Boolean)) {
			throw new InvalidRequest("settings.quoteHistory must be true or false.");
		}
		valid.put("quoteHistory", quote);
		return valid;
	}

	private static @Nullable String text(Map<String, Object> settings, String key, boolean required) {
		Object value = settings.get(key);
		if (value == null || (value instanceof String s && s.isBlank())) {
			if (required) {
				throw new InvalidRequest("settings." + key + " is required for the email channel.");
			}
			return null;
		}
		if (!(value instanceof String s) || s.length() > 500) {
			throw new InvalidRequest("settings." + key + " must be text of at most 500 characters.");
		}
		return s.strip();
	}

	private static String host(@Nullable String host, String key) {
		if (host == null || !host.matches("[A-Za-z0-9.-]+|\\[[0-9a-fA-F:.]+\\]")) {
			throw new InvalidRequest("settings." + key + " must be a host name such as imap.example.nl.");
		}
		return host.toLowerCase(Locale.ROOT);
	}

	/** The port given, or the usual one for the protocol and security. */
	private static int port(@Nullable Object value, String server, String security) {
		if (value == null || (value instanceof String s && s.isBlank())) {
			return switch (server + "/" + security) {
				case "imap/tls" -> 993;
				case "imap/starttls", "imap/none" -> 143;
				case "smtp/tls" -> 465;
				default -> 587;
			};
		}
		int port;
		if (value instanceof Number number) {
			port = number.intValue();
		}
		else {
			try {
				port = Integer.parseInt(value.toString().strip());
			}
			catch (NumberFormatException ex) {
				throw new InvalidRequest("settings." + server + "Port must be a number.");
			}
		}
		if (port < 1 || port > 65535) {
			throw new InvalidRequest("settings." + server + "Port must be between 1 and 65535.");
		}
		return port;
	}

}
