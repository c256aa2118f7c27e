package nl.naadloos.channels;

import java.net.URI;
import java.security.SecureRandom;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

import nl.naadloos.platform.Channel;
import nl.naadloos.platform.InvalidRequest;

/**
 * Settings of a chat widget: {@code allowedOrigins} (the sites that may embed it, such as
 * {@code https://www.shop.nl}; {@code *} for any), the identity {@code secret} (write-only; made when left
 * out) with which the shop's server signs who a logged-in visitor is, the look ({@code colour},
 * {@code position} left or right, {@code language} auto/en/nl, {@code greetingEn}/{@code greetingNl}), the
 * {@code team} new chats go to, the pre-chat form ({@code preChat}: off, or the fields {@code name},
 * {@code email}, {@code question}, each optional or required), {@code openingHours} (per day,
 * {@code "mon": "09:00-17:30"}; days left out are closed; none at all is always open), which mailbox answers
 * by e-mail ({@code mailbox}; the first active one otherwise), after how many minutes an unread reply goes by
 * e-mail ({@code emailAfterMinutes}, 0 = never), and whether the visitor may {@code rate} the chat and ask
 * for a {@code transcript}.
 */
@Component
class WebchatSettings implements ChannelSettings {

	static final Set<String> KEYS = Set.of("allowedOrigins", "secret", "colour", "position", "language", "greetingEn",
			"greetingNl", "team", "preChat", "openingHours", "mailbox", "emailAfterMinutes", "rating", "transcript");

	static final List<String> PRE_CHAT_FIELDS = List.of("name", "email", "question");

	static final List<String> DAYS = List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun");

	static final String DEFAULT_COLOUR = "#0f766e";

	static final int DEFAULT_EMAIL_AFTER_MINUTES = 15;

	private static final Pattern COLOUR = Pattern.compile("#[0-9a-fA-F]{6}");

	private static final Pattern HOURS = Pattern.compile("([01]\\d|2[0-3]):[0-5]\\d-([01]\\d|2[0-4]):[0-5]\\d");

	private static final int MAX_GREETING = 300;

	private static final SecureRandom RANDOM = new SecureRandom();

	@Override
	public Channel channel() {
		return Channel.WEBCHAT;
	}

	@Override
	public Set<String> secretKeys() {
		return Set.of("secret");
	}

	@Override
	public Map<String, Object> validate(Map<String, Object> requested, @Nullable Map<String, Object> current) {
		List<String> unknown = requested.keySet().stream().filter(key -> !KEYS.contains(key)).sorted().toList();
		if (!unknown.isEmpty()) {
			throw new InvalidRequest("Unknown setting '" + unknown.getFirst() + "' for the webchat channel; known: "
					+ String.join(", ", KEYS.stream().sorted().toList()) + ".");
		}
		Map<String, Object> merged = new LinkedHashMap<>();
		if (current != null) {
			merged.putAll(current);
		}
		merged.putAll(requested);
		Map<String, Object> valid = new LinkedHashMap<>();
		valid.put("allowedOrigins", origins(merged.get("allowedOrigins")));
		valid.put("secret", secret(merged.get("secret")));
		Object colour = merged.getOrDefault("colour", DEFAULT_COLOUR);
		if (!(colour instanceof String c) || !COLOUR.matcher(c.strip()).matches()) {
			throw new InvalidRequest("settings.colour must be a colour like #0f766e.");
		}
		valid.put("colour", ((String) colour).strip().toLowerCase(Locale.ROOT));
		valid.put("position", oneOf(merged, "position", List.of("right", "left"), "right"));
		valid.put("language", oneOf(merged, "language", List.of("auto", "en", "nl"), "auto"));
		for (String key : List.of("greetingEn", "greetingNl")) {
			Object greeting = merged.get(key);
			if (greeting != null && !(greeting instanceof String)) {
				throw new InvalidRequest("settings." + key + " must be text.");
			}
			if (greeting instanceof String text && !text.isBlank()) {
				if (text.strip().length() > MAX_GREETING) {
					throw new InvalidRequest("settings." + key + " may have at most " + MAX_GREETING + " characters.");
				}
				valid.put(key, text.strip());
			}
		}
		uuid(merged, "team").ifPresent(team -> valid.put("team", team));
		uuid(merged, "mailbox").ifPresent(mailbox -> valid.put("mailbox", mailbox));
		valid.put("preChat", preChat(merged.get("preChat")));
		Map<String, String> hours = openingHours(merged.get("openingHours"));
		if (!hours.isEmpty()) {
			valid.put("openingHours", hours);
		}
		Object after = merged.getOrDefault("emailAfterMinutes", DEFAULT_EMAIL_AFTER_MINUTES);
		if (!(after instanceof Number minutes) || minutes.doubleValue() != Math.rint(minutes.doubleValue())
				|| minutes.intValue() < 0 || minutes.intValue() > 7 * 24 * 60) {
			throw new InvalidRequest("settings.emailAfterMinutes must be a whole number of minutes from 0 (never) to 10080.");
		}
		valid.put("emailAfterMinutes", ((Number) after).intValue());
		for (String key : List.of("rating", "transcript")) {
			Object flag = merged.getOrDefault(key, Boolean.TRUE);
			if (!(flag instanceof Boolean)) {
				throw new InvalidRequest("settings." + key + " must be true or false.");
			}
			valid.put(key, flag);
		}
		return valid;
	}

	private static List<String> origins(@Nullable Object value) {
		List<?> raw = value instanceof List<?> list ? list
				: value instanceof String text ? List.of(text.split("[,\\s]+")) : null;
		if (raw == null) {
			throw new InvalidRequest("settings.allowedOrigins is required: the sites that may show the widget, "
					+ "such as [\"https://www.example.nl\"] (\"*\" for any site).");
		}
		List<String> origins = new ArrayList<>();
		for (Object entry : raw) {
			if (!(entry instanceof String text) || text.isBlank()) {
				continue;
			}
			String origin = origin(text.strip());
			if (!origins.contains(origin)) {
				origins.add(origin);
			}
		}
		if (origins.isEmpty()) {
			throw new InvalidRequest("settings.allowedOrigins needs at least one site, such as https://www.example.nl "
					+ "(\"*\" for any site).");
		}
		return origins;
	}

	/** An origin as browsers send it: scheme, host and a port only when it is not the default. */
	static String origin(String text) {
		if ("*".equals(text)) {
			return text;
		}
		try {
			URI uri = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
			String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
			if (!Set.of("http", "https").contains(scheme) || uri.getHost() == null
					|| (uri.getPath() != null && !uri.getPath().isEmpty()) || uri.getQuery() != null) {
				throw new IllegalArgumentException();
			}
			int port = uri.getPort();
			boolean defaultPort = port == -1 || (port == 80 && "http".equals(scheme)) || (port == 443 && "https".equals(scheme));
			return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidRequest("settings.allowedOrigins: '" + text
					+ "' is not a site address like https://www.example.nl (scheme and host, no path).");
		}
	}

	private static String secret(@Nullable Object value) {
		if (value == null || (value instanceof String text && text.isBlank())) {
			byte[] bytes = new byte[32];
			RANDOM.nextBytes(bytes);
			return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
		}
		if (!(value instanceof String text) || text.strip().length() < ApiChannelSettings.MIN_SECRET_LENGTH) {
			throw new InvalidRequest("settings.secret must have at least " + ApiChannelSettings.MIN_SECRET_LENGTH
					+ " characters (leave it out to have one made).");
		}
		return text.strip();
	}

	private static String oneOf(Map<String, Object> merged, String key, List<String> allowed, String fallback) {
		Object value = merged.getOrDefault(key, fallback);
		if (!(value instanceof String text) || !allowed.contains(text.strip().toLowerCase(Locale.ROOT))) {
			throw new InvalidRequest("settings." + key + " must be one of " + String.join(", ", allowed) + ".");
		}
		return text.strip().toLowerCase(Locale.ROOT);
	}

	private static java.util.Optional<String> uuid(Map<String, Object> merged, String key) {
		Object value = merged.get(key);
		if (value == null || (value instanceof String text && text.isBlank())) {
			return java.util.Optional.empty();
		}
		try {
			return java.util.Optional.of(UUID.fromString(String.valueOf(value).strip()).toString());
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidRequest("settings." + key + " must be the id of a " + ("team".equals(key) ? "team" : "mailbox") + ".");
		}
	}

	private static Map<String, Object> preChat(@Nullable Object value) {
		if (value == null) {
			return defaultPreChat();
		}
		if (!(value instanceof Map<?, ?> map)) {
			throw new InvalidRequest("settings.preChat must be an object like {\"enabled\": true, \"fields\": "
					+ "[{\"name\": \"email\", \"required\": false}]}.");
		}
		Object enabled = map.containsKey("enabled") ? map.get("enabled") : Boolean.TRUE;
		if (!(enabled instanceof Boolean)) {
			throw new InvalidRequest("settings.preChat.enabled must be true or false.");
		}
		List<Map<String, Object>> fields = new ArrayList<>();
		Object rawFields = map.containsKey("fields") ? map.get("fields") : defaultPreChat().get("fields");
		if (!(rawFields instanceof List<?> list)) {
			throw new InvalidRequest("settings.preChat.fields must be a list.");
		}
		List<String> seen = new ArrayList<>();
		for (Object field : list) {
			if (!(field instanceof Map<?, ?> f) || !(f.get("name") instanceof String name)
					|| !PRE_CHAT_FIELDS.contains(name)) {
				throw new InvalidRequest("settings.preChat.fields: each field is {\"name\": one of "
						+ String.join(", ", PRE_CHAT_FIELDS) + ", \"required\": true or false}.");
			}
			Object required = f.containsKey("required") ? f.get("required") : Boolean.FALSE;
			if (!(required instanceof Boolean) || seen.contains(name)) {
				throw new InvalidRequest("settings.preChat.fields: '" + name + "' appears twice or has a required that is not true or false.");
			}
			seen.add(name);
			Map<String, Object> clean = new LinkedHashMap<>();
			clean.put("name", name);
			clean.put("required", required);
			fields.add(clean);
		}
		Map<String, Object> clean = new LinkedHashMap<>();
		clean.put("enabled", enabled);
		clean.put("fields", fields);
		return clean;
	}

	static Map<String, Object> defaultPreChat() {
		List<Map<String, Object>> fields = new ArrayList<>();
		for (String name : PRE_CHAT_FIELDS) {
			Map<String, Object> field = new LinkedHashMap<>();
			field.put("name", name);
			field.put("required", Boolean.FALSE);
			fields.add(field);
		}
		Map<String, Object> preChat = new LinkedHashMap<>();
		preChat.put("enabled", Boolean.TRUE);
		preChat.put("fields", fields);
		return preChat;
	}

	private static Map<String, String> openingHours(@Nullable Object value) {
		Map<String, String> hours = new LinkedHashMap<>();
		if (value == null) {
			return hours;
		}
		if (!(value instanceof Map<?, ?> map)) {
			throw new InvalidRequest("settings.openingHours must be an object like {\"mon\": \"09:00-17:30\"}.");
		}
		for (String day : DAYS) {
			Object range = map.get(day);
			if (range == null || (range instanceof String text && text.isBlank())) {
				continue;
			}
			if (!(range instanceof String text) || !HOURS.matcher(text.strip()).matches()
					|| LocalTime.parse(text.strip().substring(0, 5)).isAfter(end(text.strip()))) {
				throw new InvalidRequest("settings.openingHours." + day + " must be like 09:00-17:30, got '" + range + "'.");
			}
			hours.put(day, text.strip());
		}
		for (Object day : map.keySet()) {
			if (!DAYS.contains(String.valueOf(day))) {
				throw new InvalidRequest("settings.openingHours: unknown day '" + day + "'; use " + String.join(", ", DAYS) + ".");
			}
		}
		return hours;
	}

	private static LocalTime end(String range) {
		String end = range.substring(6);
		return "24:00".equals(end) ? LocalTime.MAX : LocalTime.parse(end);
	}

	/** Whether the widget is within its opening hours at this moment (always, when it has none). */
	static boolean open(Map<String, Object> settings, ZonedDateTime now) {
		if (!(settings.get("openingHours") instanceof Map<?, ?> hours) || hours.isEmpty()) {
			return true;
		}
		DayOfWeek day = now.getDayOfWeek();
		Object range = hours.get(DAYS.get(day.getValue() - 1));
		if (!(range instanceof String text)) {
			return false;
		}
		LocalTime time = now.toLocalTime();
		return !time.isBefore(LocalTime.parse(text.substring(0, 5))) && time.isBefore(end(text));
	}

	@SuppressWarnings("unchecked")
	static List<String> allowedOrigins(Map<String, Object> settings) {
		return settings.get("allowedOrigins") instanceof List<?> list ? (List<String>) list : List.of();
	}

	static boolean allows(Map<String, Object> settings, @Nullable String origin) {
		if (origin == null) {
			return false;
		}
		List<String> allowed = allowedOrigins(settings);
		if (allowed.contains("*")) {
			return true;
		}
		try {
			return allowed.contains(origin(origin));
		}
		catch (InvalidRequest notAnOrigin) {
			return false;
		}
	}

}
