package nl.naadloos.channels;

import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.InitBinder;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import nl.naadloos.platform.Channel;
import nl.naadloos.platform.FlashMessage;
import nl.naadloos.platform.InvalidRequest;
import nl.naadloos.platform.ProblemException;

/**
 * Admin screens to list channel accounts and to create and change API channel accounts: name, webhook URL,
 * trust, a write-only secret, and switching an account off. The edit page shows where the connected system
 * posts its messages and how it signs them.
 */
@Controller
@RequestMapping("/admin/channels")
class AdminChannelsController {

	static final String VIEW_LIST = "admin/channels/list";

	static final String VIEW_FORM = "admin/channels/form";

	/** The setting an {@link InvalidRequest} of {@link ApiChannelSettings} names, e.g. "settings.secret …". */
	private static final Pattern NAMED_SETTING = Pattern.compile("^settings\\.(secret|webhookUrl|trusted)\\b");

	private final ChannelAccountService accounts;

	AdminChannelsController(ChannelAccountService accounts) {
		this.accounts = accounts;
	}

	@InitBinder
	void allowedFields(WebDataBinder binder) {
		binder.setDisallowedFields("id");
	}

	@ModelAttribute("activeNav")
	String activeNav() {
		return "channels";
	}

	@GetMapping
	String list(Model model) {
		model.addAttribute("accounts", this.accounts.all().stream().map(this::row).toList());
		return VIEW_LIST;
	}

	@GetMapping("/new")
	String newAccount(Model model) {
		return form(model, new ApiAccountForm(), null);
	}

	@PostMapping("/new")
	String create(@Valid @ModelAttribute("form") ApiAccountForm form, BindingResult result, Model model,
			RedirectAttributes redirect) {
		checkSettings(form, result, true);
		if (result.hasErrors()) {
			return form(model, form, null);
		}
		try {
			ChannelAccount account = this.accounts.create(Channel.API.key(), form.name, form.settings());
			redirect.addFlashAttribute(FlashMessage.ATTRIBUTE, FlashMessage.success("channels.created", account.name()));
			return "redirect:/admin/channels/" + account.id();
		}
		catch (ProblemException ex) {
			reject(result, ex);
			return form(model, form, null);
		}
	}

	@GetMapping("/{id}")
	String edit(@PathVariable UUID id, Model model) {
		ChannelAccount account = this.accounts.account(id);
		if (account.kind() == Channel.EMAIL) {
			return "redirect:/admin/mailboxes/" + id;
		}
		if (account.kind() == Channel.WEBCHAT) {
			return "redirect:/admin/widgets/" + id;
		}
		return form(model, ApiAccountForm.of(account, this.accounts.visibleSettings(account)), id);
	}

	@PostMapping("/{id}")
	String update(@PathVariable UUID id, @Valid @ModelAttribute("form") ApiAccountForm form, BindingResult result,
			Model model, RedirectAttributes redirect) {
		ChannelAccount before = this.accounts.account(id);
		boolean api = before.kind() == Channel.API;
		if (api) {
			checkSettings(form, result, false);
		}
		if (result.hasErrors()) {
			return form(model, form, id);
		}
		boolean wasActive = before.isActive();
		try {
			ChannelAccount account = this.accounts.update(id, form.name, api ? form.settings() : null, form.active);
			String key = wasActive == account.isActive() ? "channels.updated"
					: account.isActive() ? "channels.reactivated" : "channels.deactivated";
			redirect.addFlashAttribute(FlashMessage.ATTRIBUTE, FlashMessage.success(key, account.name()));
			return "redirect:/admin/channels/" + id;
		}
		catch (ProblemException ex) {
			reject(result, ex);
			return form(model, form, id);
		}
	}

	private String form(Model model, ApiAccountForm form, @Nullable UUID id) {
		model.addAttribute("form", form);
		model.addAttribute("accountId", id);
		model.addAttribute("minSecretLength", ApiChannelSettings.MIN_SECRET_LENGTH);
		if (id != null) {
			ChannelAccount account = this.accounts.account(id);
			model.addAttribute("kind", account.kind().key());
			model.addAttribute("active", account.isActive());
			model.addAttribute("secretSet", Boolean.TRUE.equals(this.accounts.visibleSettings(account).get("secretSet")));
			model.addAttribute("inboundUrl", ServletUriComponentsBuilder.fromCurrentContextPath()
				.path("/api/v1/channels/api/{id}/messages")
				.buildAndExpand(id)
				.toUriString());
		}
		else {
			model.addAttribute("kind", Channel.API.key());
			model.addAttribute("active", true);
			model.addAttribute("secretSet", false);
		}
		return VIEW_FORM;
	}

	/**
	 * Checks the settings here as well as in {@link ApiChannelSettings}, which stops at the first problem, so
	 * that every wrong field is marked at once and in the admin's language.
	 */
	private static void checkSettings(ApiAccountForm form, BindingResult result, boolean creating) {
		if ((creating || !form.secret.isEmpty()) && form.secret.strip().length() < ApiChannelSettings.MIN_SECRET_LENGTH) {
			result.rejectValue("secret", "channels.invalid.secret", new Object[] { ApiChannelSettings.MIN_SECRET_LENGTH },
					null);
		}
		if (!form.webhookUrl.isBlank() && !isHttpUrl(form.webhookUrl)) {
			result.rejectValue("webhookUrl", "channels.invalid.webhookUrl");
		}
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

	/** Puts a refusal of the service next to the setting it names, or above the form. */
	private static void reject(BindingResult result, ProblemException ex) {
		Matcher setting = NAMED_SETTING.matcher(String.valueOf(ex.getMessage()));
		if (ex instanceof InvalidRequest && setting.find()) {
			result.rejectValue(setting.group(1), "channels.invalid." + setting.group(1),
					new Object[] { ApiChannelSettings.MIN_SECRET_LENGTH }, ex.getMessage());
		}
		else {
			result.reject("problem." + ex.type(), ex.getMessage());
		}
	}

	private AccountRow row(ChannelAccount account) {
		Object trusted = account.kind() == Channel.API ? this.accounts.visibleSettings(account).get("trusted") : null;
		return new AccountRow(account.id(), account.name(), account.kind().key(), account.isActive(),
				trusted instanceof Boolean b ? b : null, account.createdAt());
	}

	/** One line of the list; {@code trusted} only for kinds that have the setting. */
	record AccountRow(UUID id, String name, String kind, boolean active, @Nullable Boolean trusted, Instant createdAt) {
	}

	/** The form of an API channel account; a plain bean because Thymeleaf binds fields by getters and setters. */
	static class ApiAccountForm {

		@NotBlank
		@Size(max = 200)
		private String name = "";

		@Size(max = 2000)
		private String webhookUrl = "";

		private boolean trusted;

		private String secret = "";

		private boolean active = true;

		static ApiAccountForm of(ChannelAccount account, Map<String, Object> visibleSettings) {
			ApiAccountForm form = new ApiAccountForm();
			form.name = account.name();
			form.webhookUrl = visibleSettings.get("webhookUrl") instanceof String url ? url : "";
			form.trusted = Boolean.TRUE.equals(visibleSettings.get("trusted"));
			form.active = account.isActive();
			return form;
		}

		/** The settings to store: an empty secret is left out, so the current one stays. */
		Map<String, Object> settings() {
			Map<String, Object> settings = new LinkedHashMap<>();
			if (!this.secret.isEmpty()) {
				settings.put("secret", this.secret);
			}
			settings.put("webhookUrl", this.webhookUrl);
			settings.put("trusted", this.trusted);
			return settings;
		}

		public String getName() {
			return this.name;
		}

		public void setName(@Nullable String name) {
			this.name = name == null ? "" : name.strip();
		}

		public String getWebhookUrl() {
			return this.webhookUrl;
		}

		public void setWebhookUrl(@Nullable String webhookUrl) {
			this.webhookUrl = webhookUrl == null ? "" : webhookUrl.strip();
		}

		public boolean isTrusted() {
			return this.trusted;
		}

		public void setTrusted(boolean trusted) {
			this.trusted = trusted;
		}

		public String getSecret() {
			return this.secret;
		}

		public void setSecret(@Nullable String secret) {
			this.secret = secret == null ? "" : secret;
		}

		public boolean isActive() {
			return this.active;
		}

		public void setActive(boolean active) {
			this.active = active;
		}

	}

}
