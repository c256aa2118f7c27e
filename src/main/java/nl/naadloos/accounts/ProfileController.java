package nl.naadloos.accounts;

import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Future;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import nl.naadloos.platform.FlashMessage;
import nl.naadloos.platform.ProblemException;

/** The agent's own page: name, language, password and personal API tokens. */
@Controller
@RequestMapping("/profile")
class ProfileController {

	static final String VIEW = "profile";

	private final AccountService accounts;

	private final java.time.Clock clock;

	private final LocaleResolver locales;

	ProfileController(AccountService accounts, java.time.Clock clock, LocaleResolver locales) {
		this.accounts = accounts;
		this.clock = clock;
		this.locales = locales;
	}

	@GetMapping
	String show(@AuthenticationPrincipal AgentUser me, Model model) {
		Agent agent = this.accounts.agent(me.agentId());
		ProfileForm profile = new ProfileForm();
		profile.setName(agent.name());
		profile.setLocale(agent.locale());
		return page(me, model, profile, new PasswordForm(), new TokenForm());
	}

	@PostMapping
	String update(@AuthenticationPrincipal AgentUser me, @Valid @ModelAttribute("profileForm") ProfileForm form,
			BindingResult result, Model model, RedirectAttributes redirect, HttpServletRequest request,
			HttpServletResponse response) {
		if (result.hasErrors()) {
			return page(me, model, form, new PasswordForm(), new TokenForm());
		}
		this.accounts.updateProfile(me.agentId(), form.getName(), form.getLocale());
		this.locales.setLocale(request, response, Locale.forLanguageTag(form.getLocale()));
		redirect.addFlashAttribute(FlashMessage.ATTRIBUTE, FlashMessage.success("profile.saved"));
		return "redirect:/profile";
	}

	/**
	 * The language switch in the top bar: stores the choice (also in a cookie, so the login page keeps
	 * it after logging out) and returns to the page it was made on.
	 */
	@PostMapping("/language")
	String language(@AuthenticationPrincipal AgentUser me, @RequestParam String locale, HttpServletRequest request,
			HttpServletResponse response) {
		String language = "nl".equals(locale) ? "nl" : "en";
		this.accounts.updateProfile(me.agentId(), null, language);
		this.locales.setLocale(request, response, Locale.forLanguageTag(language));
		return "redirect:" + sameSiteReferer(request);
	}

	@PostMapping("/password")
	String changePassword(@AuthenticationPrincipal AgentUser me,
			@Valid @ModelAttribute("passwordForm") PasswordForm form, BindingResult result, Model model,
			RedirectAttributes redirect) {
		if (!result.hasErrors()) {
			try {
				this.accounts.changeOwnPassword(me.agentId(), form.getCurrentPassword(), form.getNewPassword());
				redirect.addFlashAttribute(FlashMessage.ATTRIBUTE, FlashMessage.success("profile.password.changed"));
				return "redirect:/profile";
			}
			catch (ProblemException ex) {
				result.rejectValue("wrong-password".equals(ex.type()) ? "currentPassword" : "newPassword",
						"problem." + ex.type(), ex.getMessage());
			}
		}
		return page(me, model, currentProfile(me), form, new TokenForm());
	}

	@PostMapping("/tokens")
	String createToken(@AuthenticationPrincipal AgentUser me, @Valid @ModelAttribute("tokenForm") TokenForm form,
			BindingResult result, Model model) {
		if (result.hasErrors()) {
			return page(me, model, currentProfile(me), new PasswordForm(), form);
		}
		Instant expiresAt = form.getExpiresOn() == null ? null
				: form.getExpiresOn().plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
		AccountService.IssuedToken issued = this.accounts.issueToken(me.agentId(), form.getName(), expiresAt);
		// Rendered directly rather than redirected, so the clear-text token never sits in the session.
		model.addAttribute("newToken", issued.secret().value());
		model.addAttribute("newTokenName", issued.token().name());
		return page(me, model, currentProfile(me), new PasswordForm(), new TokenForm());
	}

	@PostMapping("/tokens/{id}/revoke")
	String revokeToken(@AuthenticationPrincipal AgentUser me, @PathVariable UUID id, RedirectAttributes redirect) {
		this.accounts.revokeToken(me.agentId(), id);
		redirect.addFlashAttribute(FlashMessage.ATTRIBUTE, FlashMessage.success("profile.tokens.revoked"));
		return "redirect:/profile";
	}

	private ProfileForm currentProfile(AgentUser me) {
		Agent agent = this.accounts.agent(me.agentId());
		ProfileForm profile = new ProfileForm();
		profile.setName(agent.name());
		profile.setLocale(agent.locale());
		return profile;
	}

	private String page(AgentUser me, Model model, ProfileForm profile, PasswordForm password, TokenForm token) {
		Agent agent = this.accounts.agent(me.agentId());
		Instant now = this.clock.instant();
		List<TokenView> tokens = this.accounts.tokensOf(me.agentId()).stream().map(t -> TokenView.of(t, now)).toList();
		model.addAttribute("agent", AgentResource.of(agent));
		model.addAttribute("profileForm", profile);
		model.addAttribute("passwordForm", password);
		model.addAttribute("tokenForm", token);
		model.addAttribute("tokens", tokens);
		model.addAttribute("activeNav", "profile");
		return VIEW;
	}

	private static String sameSiteReferer(HttpServletRequest request) {
		String referer = request.getHeader("Referer");
		if (referer != null) {
			try {
				URI uri = URI.create(referer);
				if (request.getServerName().equalsIgnoreCase(uri.getHost()) && uri.getRawPath() != null
						&& uri.getRawPath().startsWith("/")) {
					return uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
				}
			}
			catch (IllegalArgumentException ignored) {
				// A malformed Referer header: go home instead.
			}
		}
		return "/";
	}

	record TokenView(UUID id, String name, String prefix, Instant createdAt, @Nullable Instant lastUsedAt,
			@Nullable Instant expiresAt, String status) {

		static TokenView of(ApiToken token, Instant now) {
			String status = token.revokedAt() != null ? "revoked"
					: token.expiresAt() != null && !token.expiresAt().isAfter(now) ? "expired" : "active";
			return new TokenView(token.id(), token.name(), token.prefix(), token.createdAt(), token.lastUsedAt(),
					token.expiresAt(), status);
		}

	}

	/** Name and language. */
	static class ProfileForm {

		@NotBlank
		@Size(max = 200)
		private String name = "";

		private String locale = "en";

		public String getName() {
			return this.name;
		}

		public void setName(String name) {
			this.name = name == null ? "" : name.strip();
		}

		public String getLocale() {
			return this.locale;
		}

		public void setLocale(String locale) {
			this.locale = "nl".equals(locale) ? "nl" : "en";
		}

	}

	/** Own password change. */
	static class PasswordForm {

		@NotBlank
		private String currentPassword = "";

		@NotBlank
		@Size(min = 12, max = 128)
		private String newPassword = "";

		public String getCurrentPassword() {
			return this.currentPassword;
		}

		public void setCurrentPassword(String currentPassword) {
			this.currentPassword = currentPassword == null ? "" : currentPassword;
		}

		public String getNewPassword() {
			return this.newPassword;
		}

		public void setNewPassword(String newPassword) {
			this.newPassword = newPassword == null ? "" : newPassword;
		}

	}

	/** A new API token. */
	static class TokenForm {

		@NotBlank
		@Size(max = 100)
		private String name = "";

		@Future
		@DateTimeFormat(iso = DateTimeFormat.ISO.DATE)
		private @Nullable LocalDate expiresOn;

		public String getName() {
			return this.name;
		}

		public void setName(String name) {
			this.name = name == null ? "" : name.strip();
		}

		public @Nullable LocalDate getExpiresOn() {
			return this.expiresOn;
		}

		public void setExpiresOn(@Nullable LocalDate expiresOn) {
			this.expiresOn = expiresOn;
		}

	}

}
