package nl.naadloos.platform;

/**
 * A one-time message shown after a redirect (post/redirect/get), rendered by the layout in the
 * agent's language.
 *
 * @param kind {@code success}, {@code warning} or {@code error}
 * @param key the message key in {@code messages.properties}
 * @param args the message arguments
 */
public record FlashMessage(String kind, String key, Object[] args) {

	/** The flash attribute the layout renders. */
	public static final String ATTRIBUTE = "flash";

	public static FlashMessage success(String key, Object... args) {
		return new FlashMessage("success", key, args);
	}

	public static FlashMessage warning(String key, Object... args) {
		return new FlashMessage("warning", key, args);
	}

	public static FlashMessage error(String key, Object... args) {
		return new FlashMessage("error", key, args);
	}

}
