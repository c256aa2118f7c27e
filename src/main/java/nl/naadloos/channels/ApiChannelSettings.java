package nl.naadloos.channels;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

import nl.naadloos.platform.Channel;
import nl.naadloos.platform.InvalidRequest;

/**
 * Settings of an API channel account: {@code secret} (signs both directions), {@code webhookUrl} (where
 * replies are POSTed) and {@code trusted} (the integrator verified its users, so the e-mail addresses and
 * phone numbers it sends are verified identities).
 */
@Component
class ApiChannelSettings implements ChannelSettings {

	static final int MIN_SECRET_LENGTH = 16;

	@Override
	public Channel channel() {
		return Channel.API;
	}

	@Override
	public Set<String> secretKeys() {
		return Set.of("secret");
	}

	@Override
	public Map<String, Object> validate(Map<String, Object> requested, @Nullable Map<String, Object> current) {
		Map<String, Object> valid = new LinkedHashMap<>();
		Object secret = requested.containsKey("secret") ? requested.get("secret") : current == null ? null : current.get("secret");
		if (!(secret instanceof String text) || text.strip().length() < MIN_SECRET_LENGTH) {
			throw new InvalidRequest("settings.secret is required and must have at least " + MIN_SECRET_LENGTH + " characters.");
		}
		valid.put("secret", ((String) secret).strip());
		Object webhook = requested.containsKey("webhookUrl") ? requested.get("webhookUrl")
				: current == null ? null : current.get("webhookUrl");
		if (webhook != null && !(webhook instanceof String url && url.isBlank())) {
			if (!(webhook instanceof String url) || !isHttpUrl(url)) {
				throw new InvalidRequest("settings.webhookUrl must be an http or https URL.");
			}
			valid.put("webhookUrl", ((String) webhook).strip());
		}
		Object trusted = requested.containsKey("trusted") ? requested.get("trusted")
				: current == null ? Boolean.FALSE : current.getOrDefault("trusted", Boolean.FALSE);
		if (!(trusted instanceof Boolean)) {
			throw new InvalidRequest("settings.trusted must be true or false.");
		}
		valid.put("trusted", trusted);
		for (String key : requested.keySet()) {
			if (!Set.of("secret", "webhookUrl", "trusted").contains(key)) {
				throw new InvalidRequest("Unknown setting '" + key + "' for the api channel; known: secret, webhookUrl, trusted.");
			}
		}
		return valid;
	}

	private static boolean isHttpUrl(String value) {
		try {
			URI uri = URI.create(value.strip());
			return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

}
