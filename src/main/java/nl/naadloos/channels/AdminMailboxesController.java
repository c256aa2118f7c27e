package nl.naadloos.channels;

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

import nl.naadloos.contacts.Addresses;
import nl.naadloos.platform.Channel;
import nl.naadloos.platform.FlashMessage;
import nl.naadloos.platform.InvalidRequest;
import nl.naadloos.platform.ProblemException;
import nl.naadloos.platform.ResourceNotFound;

/**
 * Admin screens to connect a mailbox: address, IMAP and SMTP servers (with presets for common providers),
 * the login, what happens to read mail, acknowledgements, signature and quoting. The edit page shows how
 * reading goes (connected, last read, last error) and tests the connection on request.
 */
@Controller
@RequestMapping("/admin/mailboxes")
class AdminMailboxesController {

	static final String VIEW_FORM = "admin/channels/mailbox";

	/** The setting an {@link InvalidRequest} of {@link EmailChannelSettings} names, e.g. "settings.imapHost …". */
	private static final Pattern NAMED_SETTING = Pattern.compile("^settings\\.(\\w+)\\b");

	private static final List<String> FIELDS = List.of("address", "displayName", "imapHost", "imapPort", "imapSecurity",
			"smtpHost", "smtpPort", "smtpSecurity", "username", "password", "folder", "processedAction",
			"processedFolder", "acknowledgeLanguage", "signature");

	private final ChannelAccountService accounts;

	private final MailboxPoller mailboxes;

	private final EmailProvider email;

	private final MailboxSyncs syncs;

	AdminMailboxesController(ChannelAccountService accounts, MailboxPoller mailboxes, EmailProvider email,
			MailboxSyncs syncs) {
		this.accounts = accounts;
		this.mailboxes = mailboxes;
		this.email = email;
		this.syncs = syncs;
	}

	@InitBinder
	void allowedFields(WebDataBinder binder) {
		binder.setDisallowedFields("id");
	}

	@ModelAttribute("activeNav")
	String activeNav() {
		return "channels";
	}

	@GetMapping("/new")
	String newMailbox(Model model) {
		return form(model, new MailboxForm(), null);
	}

	@PostMapping("/new")
	String create(@Valid @ModelAttribute("form") MailboxForm form, BindingResult result, Model model,
			RedirectAttributes redirect) {
		check(form, result, true);
		if (result.hasErrors()) {
			return form(model, form, null);
		}
		try {
			ChannelAccount account = this.accounts.create(Channel.EMAIL.key(), form.name, form.settings());
			redirect.addFlashAttribute(FlashMessage.ATTRIBUTE, FlashMessage.success("mailboxes.created", account.name()));
			return "redirect:/admin/mailboxes/" + account.id();
		}
		catch (ProblemException ex) {
			reject(result, ex);
			return form(model, form, null);
		}
	}

	@GetMapping("/{id}")
	String edit(@PathVariable UUID id, Model model) {
		ChannelAccount account = mailbox(id);
		return form(model, MailboxForm.of(account, this.accounts.visibleSettings(account)), id);
	}

	@PostMapping("/{id}")
	String update(@PathVariable UUID id, @Valid @ModelAttribute("form") MailboxForm form, BindingResult result,
			Model model, RedirectAttributes redirect) {
		ChannelAccount before = mailbox(id);
		check(form, result, false);
		if (result.hasErrors()) {
			return form(model, form, id);
		}
		try {
			ChannelAccount account = this.accounts.update(id, form.name, form.settings(), form.active);
			String key = before.isActive() == account.isActive() ? "channels.updated"
					: account.isActive() ? "channels.reactivated" : "channels.deactivated";
			redirect.addFlashAttribute(FlashMessage.ATTRIBUTE, FlashMessage.success(key, account.name()));
			return "redirect:/admin/mailboxes/" + id;
		}
		catch (ProblemException ex) {
			reject(result, ex);
			return form(model, form, id);
		}
	}

	/** Logs in to both servers with the stored settings and shows what worked; changes nothing. */
	@PostMapping("/{id}/test")
	String test(@PathVariable UUID id, RedirectAttributes redirect) {
		mailbox(id);
		ChannelAccountService.LiveAccount live = this.accounts.live(id).orElseThrow(() -> new ResourceNotFound("mailbox", id));
		String imap = this.mailboxes.check(live.settings());
		String smtp = this.email.check(live.settings());
		redirect.addFlashAttribute("connectionTest", new ConnectionTest(imap, smtp));
		redirect.addFlashAttribute(FlashMessage.ATTRIBUTE, imap == null && smtp == null
				? FlashMessage.success("mailboxes.test.ok") : FlashMessage.error("mailboxes.test.failed"));
		return "redirect:/admin/mailboxes/" + id;
	}

	private ChannelAccount mailbox(UUID id) {
		ChannelAccount account = this.accounts.account(id);
		if (account.kind() != Channel.EMAIL) {
			throw new ResourceNotFound("mailbox", id);
		}
		return account;
	}

	private String form(Model model, MailboxForm form, @Nullable UUID id) {
		model.addAttribute("form", form);
		model.addAttribute("accountId", id);
		model.addAttribute("securities", EmailChannelSettings.SECURITY);
		model.addAttribute("presets", MailProviderPreset.ALL);
		if (id != null) {
			ChannelAccount account = this.accounts.account(id);
			model.addAttribute("active", account.isActive());
			model.addAttribute("passwordSet",
					Boolean.TRUE.equals(this.accounts.visibleSettings(account).get("passwordSet")));
			model.addAttribute("status", this.syncs.findById(id)
				.map(sync -> new Status(sync.connected(), sync.lastSyncAt(), sync.lastError()))
				.orElse(new Status(false, null, null)));
		}
		else {
			model.addAttribute("active", true);
			model.addAttribute("passwordSet", false);
		}
		return VIEW_FORM;
	}

	/**
	 * Marks every missing or malformed field at once, in the admin's language; {@link EmailChannelSettings}
	 * checks the same and stops at the first problem.
	 */
	private static void check(MailboxForm form, BindingResult result, boolean creating) {
		try {
			Addresses.email(form.address);
		}
		catch (InvalidRequest ex) {
			result.rejectValue("address", "mailboxes.invalid.address");
		}
		for (String host : List.of("imapHost", "smtpHost")) {
			String value = "imapHost".equals(host) ? form.imapHost : form.smtpHost;
			if (!value.matches("[A-Za-z0-9.-]+|\\[[0-9a-fA-F:.]+\\]")) {
				result.rejectValue(host, "mailboxes.invalid.host");
			}
		}
		for (String port : List.of("imapPort", "smtpPort")) {
			String value = "imapPort".equals(port) ? form.imapPort : form.smtpPort;
			if (!value.isEmpty() && (!value.matches("\\d{1,5}") || Integer.parseInt(value) < 1 || Integer.parseInt(value) > 65535)) {
				result.rejectValue(port, "mailboxes.invalid.port");
			}
		}
		if (form.username.isEmpty()) {
			result.rejectValue("username", "mailboxes.invalid.username");
		}
		if (creating && form.password.isEmpty()) {
			result.rejectValue("password", "mailboxes.invalid.password");
		}
		if ("move".equals(form.processedAction) && form.processedFolder.isEmpty()) {
			result.rejectValue("processedFolder", "mailboxes.invalid.processedFolder");
		}
		if (form.signature.length() > EmailChannelSettings.MAX_SIGNATURE) {
			result.rejectValue("signature", "mailboxes.invalid.signature", new Object[] { EmailChannelSettings.MAX_SIGNATURE },
					null);
		}
	}

	/** Puts a refusal of the service next to the setting it names, or above the form. */
	private static void reject(BindingResult result, ProblemException ex) {
		Matcher setting = NAMED_SETTING.matcher(String.valueOf(ex.getMessage()));
		if (ex instanceof InvalidRequest && setting.find() && FIELDS.contains(setting.group(1))) {
			result.rejectValue(setting.group(1), "mailboxes.invalid.setting", new Object[] { ex.getMessage() },
					ex.getMessage());
		}
		else {
			result.reject("problem." + ex.type(), ex.getMessage());
		}
	}

	/** What a connection test found: {@code null} where it worked, else what went wrong in words. */
	record ConnectionTest(@Nullable String imap, @Nullable String smtp) {
	}

	/** How reading the mailbox goes. */
	record Status(boolean connected, @Nullable Instant lastSyncAt, @Nullable String lastError) {
	}

	/** The usual servers of a mail provider; {@code appPasswords} when it needs one instead of the login password. */
	record MailProviderPreset(String key, String imapHost, int imapPort, String imapSecurity, String smtpHost,
			int smtpPort, String smtpSecurity) {

		static final List<MailProviderPreset> ALL = List.of(
				new MailProviderPreset("gmail", "imap.gmail.com", 993, "tls", "smtp.gmail.com", 465, "tls"),
				new MailProviderPreset("icloud", "imap.mail.me.com", 993, "tls", "smtp.mail.me.com", 587, "starttls"),
				new MailProviderPreset("yahoo", "imap.mail.yahoo.com", 993, "tls", "smtp.mail.yahoo.com", 465, "tls"),
				new MailProviderPreset("fastmail", "imap.fastmail.com", 993, "tls", "smtp.fastmail.com", 465, "tls"),
				new MailProviderPreset("kpn", "imap.kpnmail.nl", 993, "tls", "smtp.kpnmail.nl", 587, "starttls"),
				new MailProviderPreset("ziggo", "imap.ziggo.nl", 993, "tls", "smtp.ziggo.nl", 587, "starttls"));

		/** For the page script: the fields to fill when the preset is chosen. */
		public String data() {
			return String.join(";", "imapHost=" + this.imapHost, "imapPort=" + this.imapPort,
					"imapSecurity=" + this.imapSecurity, "smtpHost=" + this.smtpHost, "smtpPort=" + this.smtpPort,
					"smtpSecurity=" + this.smtpSecurity);
		}

	}

	/** The mailbox form; a plain bean because Thymeleaf binds fields by getters and setters. */
	static class MailboxForm {

		@NotBlank
		@Size(max = 200)
		private String name = "";

		private String address = "";

		@Size(max = 200)
		private String displayName = "";

		private String imapHost = "";

		private String imapPort = "";

		private String imapSecurity = "tls";

		private String smtpHost = "";

		private String smtpPort = "";

		private String smtpSecurity = "tls";

		@Size(max = 500)
		private String username = "";

		@Size(max = 500)
		private String password = "";

		@Size(max = 200)
		private String folder = "INBOX";

		private String processedAction = "keep";

		@Size(max = 200)
		private String processedFolder = "";

		private boolean acknowledge;

		private String acknowledgeLanguage = "en";

		private String signature = EmailChannelSettings.DEFAULT_SIGNATURE;

		private boolean quoteHistory = true;

		private boolean active = true;

		static MailboxForm of(ChannelAccount account, Map<String, Object> settings) {
			MailboxForm form = new MailboxForm();
			form.name = account.name();
			form.address = text(settings, "address");
			form.displayName = text(settings, "displayName");
			form.imapHost = text(settings, "imapHost");
			form.imapPort = text(settings, "imapPort");
			form.imapSecurity = text(settings, "imapSecurity");
			form.smtpHost = text(settings, "smtpHost");
			form.smtpPort = text(settings, "smtpPort");
			form.smtpSecurity = text(settings, "smtpSecurity");
			form.username = text(settings, "username");
			form.folder = text(settings, "folder");
			form.processedAction = text(settings, "processedAction");
			form.processedFolder = text(settings, "processedFolder");
			form.acknowledge = Boolean.TRUE.equals(settings.get("acknowledge"));
			form.acknowledgeLanguage = text(settings, "acknowledgeLanguage");
			form.signature = settings.containsKey("signature") ? text(settings, "signature")
					: EmailChannelSettings.DEFAULT_SIGNATURE;
			form.quoteHistory = !Boolean.FALSE.equals(settings.get("quoteHistory"));
			form.active = account.isActive();
			return form;
		}

		private static String text(Map<String, Object> settings, String key) {
			Object value = settings.get(key);
			return value == null ? "" : value.toString();
		}

		/** The settings to store: an empty password is left out, so the current one stays. */
		Map<String, Object> settings() {
			Map<String, Object> settings = new LinkedHashMap<>();
			settings.put("address", this.address);
			settings.put("displayName", this.displayName);
			settings.put("imapHost", this.imapHost);
			settings.put("imapPort", this.imapPort);
			settings.put("imapSecurity", this.imapSecurity);
			settings.put("smtpHost", this.smtpHost);
			settings.put("smtpPort", this.smtpPort);
			settings.put("smtpSecurity", this.smtpSecurity);
			settings.put("username", this.username);
			if (!this.password.isEmpty()) {
				settings.put("password", this.password);
			}
			settings.put("folder", this.folder);
			settings.put("processedAction", this.processedAction);
			settings.put("processedFolder", this.processedFolder);
			settings.put("acknowledge", this.acknowledge);
			settings.put("acknowledgeLanguage", this.acknowledgeLanguage);
			settings.put("signature", this.signature);
			settings.put("quoteHistory", this.quoteHistory);
			return settings;
		}

		private static String strip(@Nullable String value) {
			return value == null ? "" : value.strip();
		}

		public String getName() {
			return this.name;
		}

		public void setName(@Nullable String name) {
			this.name = strip(name);
		}

		public String getAddress() {
			return this.address;
		}

		public void setAddress(@Nullable String address) {
			this.address = strip(address);
		}

		public String getDisplayName() {
			return this.displayName;
		}

		public void setDisplayName(@Nullable String displayName) {
			this.displayName = strip(displayName);
		}

		public String getImapHost() {
			return this.imapHost;
		}

		public void setImapHost(@Nullable String imapHost) {
			this.imapHost = strip(imapHost);
		}

		public String getImapPort() {
			return this.imapPort;
		}

		public void setImapPort(@Nullable String imapPort) {
			this.imapPort = strip(imapPort);
		}

		public String getImapSecurity() {
			return this.imapSecurity;
		}

		public void setImapSecurity(@Nullable String imapSecurity) {
			this.imapSecurity = strip(imapSecurity);
		}

		public String getSmtpHost() {
			return this.smtpHost;
		}

		public void setSmtpHost(@Nullable String smtpHost) {
			this.smtpHost = strip(smtpHost);
		}

		public String getSmtpPort() {
			return this.smtpPort;
		}

		public void setSmtpPort(@Nullable String smtpPort) {
			this.smtpPort = strip(smtpPort);
		}

		public String getSmtpSecurity() {
			return this.smtpSecurity;
		}

		public void setSmtpSecurity(@Nullable String smtpSecurity) {
			this.smtpSecurity = strip(smtpSecurity);
		}

		public String getUsername() {
			return this.username;
		}

		public void setUsername(@Nullable String username) {
			this.username = strip(username);
		}

		public String getPassword() {
			return this.password;
		}

		/** Not stripped: a password may begin or end with a space. */
		public void setPassword(@Nullable String password) {
			this.password = password == null ? "" : password;
		}

		public String getFolder() {
			return this.folder;
		}

		public void setFolder(@Nullable String folder) {
			this.folder = strip(folder);
		}

		public String getProcessedAction() {
			return this.processedAction;
		}

		public void setProcessedAction(@Nullable String processedAction) {
			this.processedAction = strip(processedAction);
		}

		public String getProcessedFolder() {
			return this.processedFolder;
		}

		public void setProcessedFolder(@Nullable String processedFolder) {
			this.processedFolder = strip(processedFolder);
		}

		public boolean isAcknowledge() {
			return this.acknowledge;
		}

		public void setAcknowledge(boolean acknowledge) {
			this.acknowledge = acknowledge;
		}

		public String getAcknowledgeLanguage() {
			return this.acknowledgeLanguage;
		}

		public void setAcknowledgeLanguage(@Nullable String acknowledgeLanguage) {
			this.acknowledgeLanguage = strip(acknowledgeLanguage);
		}

		public String getSignature() {
			return this.signature;
		}

		public void setSignature(@Nullable String signature) {
			this.signature = signature == null ? "" : signature.replace("\r\n", "\n").strip();
		}

		public boolean isQuoteHistory() {
			return this.quoteHistory;
		}

		public void setQuoteHistory(boolean quoteHistory) {
			this.quoteHistory = quoteHistory;
		}

		public boolean isActive() {
			return this.active;
		}

		public void setActive(boolean active) {
			this.active = active;
		}

	}

}
