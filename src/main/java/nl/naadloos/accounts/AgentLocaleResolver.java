package nl.naadloos.accounts;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.servlet.LocaleResolver;

/**
 * The language of the screens: the logged-in agent's own setting; before login the language picked on
 * the login page (a cookie); otherwise the browser's Accept-Language, English when it asks for
 * neither English nor Dutch.
 */
class AgentLocaleResolver implements LocaleResolver {

	static final String COOKIE = "naadloos_lang";

	/** The language chosen during this request, before the browser has sent the cookie back. */
	private static final String CHOSEN = AgentLocaleResolver.class.getName() + ".chosen";

	static final List<Locale> SUPPORTED = List.of(Locale.ENGLISH, Locale.forLanguageTag("nl"));

	@Override
	public Locale resolveLocale(HttpServletRequest request) {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication != null && authentication.getPrincipal() instanceof AgentUser user) {
			return Locale.forLanguageTag(user.locale());
		}
		if (request.getAttribute(CHOSEN) instanceof Locale chosen) {
			return chosen;
		}
		Locale fromCookie = fromCookie(request);
		if (fromCookie != null) {
			return fromCookie;
		}
		String header = request.getHeader("Accept-Language");
		if (header != null && !header.isBlank()) {
			try {
				Locale match = Locale.lookup(Locale.LanguageRange.parse(header), SUPPORTED);
				if (match != null) {
					return match;
				}
			}
			catch (IllegalArgumentException malformedHeader) {
				return Locale.ENGLISH;
			}
		}
		return Locale.ENGLISH;
	}

	@Override
	public void setLocale(HttpServletRequest request, @Nullable HttpServletResponse response, @Nullable Locale locale) {
		if (response == null) {
			return;
		}
		String language = locale != null && SUPPORTED.stream().anyMatch(l -> l.getLanguage().equals(locale.getLanguage()))
				? locale.getLanguage() : "en";
		request.setAttribute(CHOSEN, Locale.forLanguageTag(language));
		Cookie cookie = new Cookie(COOKIE, language);
		cookie.setPath("/");
		cookie.setHttpOnly(true);
		cookie.setMaxAge((int) Duration.ofDays(365).toSeconds());
		cookie.setAttribute("SameSite", "Lax");
		response.addCookie(cookie);
	}

	private static @Nullable Locale fromCookie(HttpServletRequest request) {
		if (request.getCookies() == null) {
			return null;
		}
		for (Cookie cookie : request.getCookies()) {
			if (COOKIE.equals(cookie.getName())) {
				return SUPPORTED.stream().filter(l -> l.getLanguage().equals(cookie.getValue())).findFirst().orElse(null);
			}
		}
		return null;
	}

}
