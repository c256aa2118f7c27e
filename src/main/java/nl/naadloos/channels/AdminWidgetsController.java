package nl.naadloos.channels;

import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

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

import nl.naadloos.accounts.AgentDirectory;
import nl.naadloos.platform.Channel;
import nl.naadloos.platform.FlashMessage;
import nl.naadloos.platform.InvalidRequest;
import nl.naadloos.platform.ProblemException;
import nl.naadloos.platform.ResourceNotFound;

/**
 * Admin screens for chat widgets (channel accounts of kind {@code webchat}): the sites that may show the
 * widget, its look and greeting, the team and mailbox behind it, the pre-chat form and opening hours. The
 * edit page gives the snippet to paste, shows the identity secret only right after it was made, and leads to
 * a page to try the widget out.
 */
@Controller
@RequestMapping("/admin/widgets")
class AdminWidgetsController {

	static final String VIEW_FORM = "admin/channels/widget";

	static final String VIEW_PREVIEW = "admin/channels/widget-preview";

	/** The flash attribute that carries a secret that was just made, to show it once. */
	static final String NEW_SECRET = "newSecret";

	/** The setting an {@link InvalidRequest} of {@link WebchatSettings} names, e.g. "settings.openingHours.mon …". */
	private static final Pattern NAMED_SETTING = Pattern.compile("^settings\\.(\\w+)(?:\\.(\\w+))?");

	private static final Set<String> FIELDS = Set.of("allowedOrigins", "colour", "position", "language", "greetingEn",
			"greetingNl", "team", "mailbox", "emailAfterMinutes", "rating", "transcript");

	private static final Pattern COLOUR = Pattern.compile("#[0-9a-fA-F]{6}");

	private static final Pattern TIME = Pattern.compile("([01]\\d|2[0-3]):[0-5]\\d(:[0-5]\\d(\\.\\d+)?)?");

	private static final int MAX_GREETING = 300;

	private static final int MAX_EMAIL_AFTER_MINUTES = 7 * 24 * 60;

	private static final List<String> PRE_CHAT_CHOICES = List.of("off", "optional", "required");

	private final ChannelAccountService accounts;

	private final AgentDirectory agents;

	AdminWidgetsController(ChannelAccountService accounts, AgentDirectory agents) {
		this.accounts = accounts;
		this.agents = agents;
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
	String newWidget(Model model) {
		return form(model, new WidgetForm(), null);
	}

	@PostMapping("/new")
	String create(@Valid @ModelAttribute("form") WidgetForm form, BindingResult result, Model model,
			RedirectAttributes redirect) {
		check(form, result);
		if (result.hasErrors()) {
			return form(model, form, null);
		}
		try {
			ChannelAccount account = this.accounts.create(Channel.WEBCHAT.key(), form.name, form.settings());
			redirect.addFlashAttribute(FlashMessage.ATTRIBUTE, FlashMessage.success("widgets.created", account.name()));
			redirect.addFlashAttribute(NEW_SECRET, secretOf(account));
			return "redirect:/admin/widgets/" + account.id();
		}
		catch (ProblemException ex) {
			reject(result, ex);
			return form(model, form, null);
		}
	}

	@GetMapping("/{id}")
	String edit(@PathVariable UUID id, Model model) {
		ChannelAccount account = widget(id);
		return form(model, WidgetForm.of(account, this.accounts.visibleSettings(account)), id);
	}

	@PostMapping("/{id}")
	String update(@PathVariable UUID id, @Valid @ModelAttribute("form") WidgetForm form, BindingResult result,
			Model model, RedirectAttributes redirect) {
		ChannelAccount before = widget(id);
		check(form, result);
		if (result.hasErrors()) {
			return form(model, form, id);
		}
		try {
			ChannelAccount account = this.accounts.update(id, form.name, form.settings(), form.active);
			String key = before.isActive() == account.isActive() ? "channels.updated"
					: account.isActive() ? "channels.reactivated" : "widgets.deactivated";
			redirect.addFlashAttribute(FlashMessage.ATTRIBUTE, FlashMessage.success(key, account.name()));
			return "redirect:/admin/widgets/" + id;
		}
		catch (ProblemException ex) {
			reject(result, ex);
			return form(model, form, id);
		}
	}

	/** Makes a new identity secret (the old one stops working at once) and shows it this once. */
	@PostMapping("/{id}/secret")
	String newSecret(@PathVariable UUID id, RedirectAttributes redirect) {
		widget(id);
		// A blank secret makes WebchatSettings generate a new one; every other setting stays as it is.
		ChannelAccount account = this.accounts.update(id, null, Map.of("secret", ""), null);
		redirect.addFlashAttribute(FlashMessage.ATTRIBUTE, FlashMessage.success("widgets.secret.made"));
		redirect.addFlashAttribute(NEW_SECRET, secretOf(account));
		return "redirect:/admin/widgets/" + id;
	}

	/** A page of Naadloos itself that carries the widget, so that an admin can try it before it goes live. */
	@GetMapping("/{id}/preview")
	String preview(@PathVariable UUID id, Model model) {
		ChannelAccount account = widget(id);
		model.addAttribute("accountId", id);
		model.addAttribute("name", account.name());
		model.addAttribute("active", account.isActive());
		model.addAttribute("snippet", snippet(id));
		return VIEW_PREVIEW;
	}

	private ChannelAccount widget(UUID id) {
		ChannelAccount account = this.accounts.account(id);
		if (account.kind() != Channel.WEBCHAT) {
			throw new ResourceNotFound("chat widget", id);
		}
		return account;
	}

	private String secretOf(ChannelAccount account) {
		return String.valueOf(this.accounts.settings(account).get("secret"));
	}

	private String form(Model model, WidgetForm form, @Nullable UUID id) {
		model.addAttribute("form", form);
		model.addAttribute("accountId", id);
		model.addAttribute("days", WebchatSettings.DAYS);
		model.addAttribute("preChatFields", WebchatSettings.PRE_CHAT_FIELDS);
		model.addAttribute("preChatChoices", PRE_CHAT_CHOICES);
		model.addAttribute("teams", teams());
		model.addAttribute("mailboxes", mailboxes());
		if (id != null) {
			ChannelAccount account = this.accounts.account(id);
			model.addAttribute("active", account.isActive());
			model.addAttribute("snippet", snippet(id));
			model.addAttribute("identifiedSnippet", "<script src=\"" + scriptUrl() + "\" data-widget=\"" + id + "\"\n"
					+ "  data-identifier=\"jan@example.nl\"\n  data-hash=\"<hash>\" async></script>");
		}
		else {
			model.addAttribute("active", true);
		}
		return VIEW_FORM;
	}

	private List<Choice> teams() {
		return this.agents.teamNames().stream().map(team -> new Choice(team.getKey().toString(), team.getValue(), true)).toList();
	}

	private List<Choice> mailboxes() {
		return this.accounts.all()
			.stream()
			.filter(account -> account.kind() == Channel.EMAIL)
			.map(account -> new Choice(account.id().toString(), mailboxLabel(account), account.isActive()))
			.toList();
	}

	private String mailboxLabel(ChannelAccount mailbox) {
		Object address = this.accounts.visibleSettings(mailbox).get("address");
		return address == null ? mailbox.name() : mailbox.name() + " <" + address + ">";
	}

	private static String scriptUrl() {
		return ServletUriComponentsBuilder.fromCurrentContextPath().path("/widget.js").toUriString();
	}

	private static String snippet(UUID id) {
		return "<script src=\"" + scriptUrl() + "\" data-widget=\"" + id + "\" async></script>";
	}

	/**
	 * Marks every wrong field at once, in the admin's language; {@link WebchatSettings} checks the same and
	 * stops at the first problem.
	 */
	private void check(WidgetForm form, BindingResult result) {
		List<String> origins = form.origins();
		List<String> wrong = new ArrayList<>();
		for (String origin : origins) {
			try {
				WebchatSettings.origin(origin);
			}
			catch (InvalidRequest ex) {
				wrong.add(origin);
			}
		}
		if (origins.isEmpty()) {
			result.rejectValue("allowedOrigins", "widgets.invalid.allowedOrigins.none");
		}
		else if (!wrong.isEmpty()) {
			result.rejectValue("allowedOrigins", "widgets.invalid.allowedOrigins", new Object[] { String.join(", ", wrong) },
					null);
		}
		if (!COLOUR.matcher(form.colour).matches()) {
			result.rejectValue("colour", "widgets.invalid.colour");
		}
		if (!List.of("right", "left").contains(form.position)) {
			result.rejectValue("position", "widgets.invalid.choice");
		}
		if (!List.of("auto", "en", "nl").contains(form.language)) {
			result.rejectValue("language", "widgets.invalid.choice");
		}
		for (String greeting : List.of("greetingEn", "greetingNl")) {
			String text = "greetingEn".equals(greeting) ? form.greetingEn : form.greetingNl;
			if (text.length() > MAX_GREETING) {
				result.rejectValue(greeting, "widgets.invalid.greeting", new Object[] { MAX_GREETING }, null);
			}
		}
		if (!form.team.isEmpty() && teams().stream().noneMatch(team -> team.id().equals(form.team))) {
			result.rejectValue("team", "widgets.invalid.team");
		}
		if (!form.mailbox.isEmpty() && mailboxes().stream().noneMatch(mailbox -> mailbox.id().equals(form.mailbox))) {
			result.rejectValue("mailbox", "widgets.invalid.mailbox");
		}
		if (form.emailAfterMinutes() < 0) {
			result.rejectValue("emailAfterMinutes", "widgets.invalid.emailAfterMinutes",
					new Object[] { MAX_EMAIL_AFTER_MINUTES }, null);
		}
		List<String> asked = List.of(form.preChatName, form.preChatEmail, form.preChatQuestion);
		for (int i = 0; i < asked.size(); i++) {
			if (!PRE_CHAT_CHOICES.contains(asked.get(i))) {
				String field = WebchatSettings.PRE_CHAT_FIELDS.get(i);
				result.rejectValue("preChat" + Character.toUpperCase(field.charAt(0)) + field.substring(1),
						"widgets.invalid.choice");
			}
		}
		if (form.preChatEnabled && asked.stream().allMatch("off"::equals)) {
			result.rejectValue("preChatEnabled", "widgets.invalid.preChat");
		}
		for (String day : WebchatSettings.DAYS) {
			if (WidgetForm.range(form.opens.get(day), form.closes.get(day)) == null) {
				result.rejectValue("opens[" + day + "]", "widgets.invalid.hours");
			}
		}
	}

	/** Puts a refusal of the service next to the setting it names, or above the form. */
	private static void reject(BindingResult result, ProblemException ex) {
		Matcher setting = NAMED_SETTING.matcher(String.valueOf(ex.getMessage()));
		String field = null;
		if (ex instanceof InvalidRequest && setting.find()) {
			String name = setting.group(1);
			field = FIELDS.contains(name) ? name : "preChat".equals(name) ? "preChatEnabled"
					: "openingHours".equals(name) && WebchatSettings.DAYS.contains(setting.group(2))
							? "opens[" + setting.group(2) + "]" : null;
		}
		if (field != null) {
			result.rejectValue(field, "widgets.invalid.setting", new Object[] { ex.getMessage() }, ex.getMessage());
		}
		else {
			result.reject("problem." + ex.type(), ex.getMessage());
		}
	}

	/** An option of a select: a team or a mailbox; {@code active} false for a mailbox that is switched off. */
	record Choice(String id, String label, boolean active) {
	}

	/** The widget form; a plain bean because Thymeleaf binds fields by getters and setters. */
	static class WidgetForm {

		@NotBlank
		@Size(max = 200)
		private String name = "";

		@Size(max = 5000)
		private String allowedOrigins = "";

		private String colour = WebchatSettings.DEFAULT_COLOUR;

		private String position = "right";

		private String language = "auto";

		private String greetingEn = "";

		private String greetingNl = "";

		private String team = "";

		private String mailbox = "";

		private String emailAfterMinutes = String.valueOf(WebchatSettings.DEFAULT_EMAIL_AFTER_MINUTES);

		private boolean rating = true;

		private boolean transcript = true;

		private boolean preChatEnabled = true;

		private String preChatName = "optional";

		private String preChatEmail = "optional";

		private String preChatQuestion = "optional";

		/** Opening and closing time per day ({@code mon} … {@code sun}), as {@code HH:mm}; both empty is closed. */
		private final Map<String, String> opens = emptyDays();

		private final Map<String, String> closes = emptyDays();

		private boolean active = true;

		static WidgetForm of(ChannelAccount account, Map<String, Object> settings) {
			WidgetForm form = new WidgetForm();
			form.name = account.name();
			if (settings.get("allowedOrigins") instanceof List<?> origins) {
				form.allowedOrigins = origins.stream().map(String::valueOf).collect(Collectors.joining("\n"));
			}
			form.colour = text(settings, "colour", WebchatSettings.DEFAULT_COLOUR);
			form.position = text(settings, "position", "right");
			form.language = text(settings, "language", "auto");
			form.greetingEn = text(settings, "greetingEn", "");
			form.greetingNl = text(settings, "greetingNl", "");
			form.team = text(settings, "team", "");
			form.mailbox = text(settings, "mailbox", "");
			form.emailAfterMinutes = text(settings, "emailAfterMinutes",
					String.valueOf(WebchatSettings.DEFAULT_EMAIL_AFTER_MINUTES));
			form.rating = !Boolean.FALSE.equals(settings.get("rating"));
			form.transcript = !Boolean.FALSE.equals(settings.get("transcript"));
			if (settings.get("preChat") instanceof Map<?, ?> preChat) {
				form.preChatEnabled = !Boolean.FALSE.equals(preChat.get("enabled"));
				form.preChatName = "off";
				form.preChatEmail = "off";
				form.preChatQuestion = "off";
				if (preChat.get("fields") instanceof List<?> fields) {
					for (Object field : fields) {
						if (field instanceof Map<?, ?> f) {
							form.ask(String.valueOf(f.get("name")), Boolean.TRUE.equals(f.get("required")) ? "required" : "optional");
						}
					}
				}
			}
			if (settings.get("openingHours") instanceof Map<?, ?> hours) {
				hours.forEach((day, range) -> {
					String text = String.valueOf(range);
					if (form.opens.containsKey(String.valueOf(day)) && text.length() == 11) {
						form.opens.put(String.valueOf(day), text.substring(0, 5));
						// A time field cannot show 24:00; 00:00 as closing time means the same, midnight.
						form.closes.put(String.valueOf(day), "24:00".equals(text.substring(6)) ? "00:00" : text.substring(6));
					}
				});
			}
			form.active = account.isActive();
			return form;
		}

		private static Map<String, String> emptyDays() {
			Map<String, String> days = new LinkedHashMap<>();
			WebchatSettings.DAYS.forEach(day -> days.put(day, ""));
			return days;
		}

		private static String text(Map<String, Object> settings, String key, String fallback) {
			Object value = settings.get(key);
			return value == null ? fallback : value.toString();
		}

		private void ask(String field, String how) {
			switch (field) {
				case "name" -> this.preChatName = how;
				case "email" -> this.preChatEmail = how;
				case "question" -> this.preChatQuestion = how;
				default -> {
				}
			}
		}

		/** The sites, one a line (commas and spaces separate them too). */
		List<String> origins() {
			return List.of(this.allowedOrigins.split("[,\\s]+")).stream().filter(origin -> !origin.isBlank()).toList();
		}

		/** The minutes as a number, or -1 when they are not a whole number from 0 to a week. */
		int emailAfterMinutes() {
			if (!this.emailAfterMinutes.matches("\\d{1,5}")) {
				return -1;
			}
			int minutes = Integer.parseInt(this.emailAfterMinutes);
			return minutes > MAX_EMAIL_AFTER_MINUTES ? -1 : minutes;
		}

		/**
		 * One day's opening hours as {@link WebchatSettings} stores them ({@code 09:00-17:30}), {@code ""} when
		 * the day is closed, or {@code null} when the times are incomplete or the day ends before it starts.
		 */
		static @Nullable String range(@Nullable String opens, @Nullable String closes) {
			String from = opens == null ? "" : opens.strip();
			String to = closes == null ? "" : closes.strip();
			if (from.isEmpty() && to.isEmpty()) {
				return "";
			}
			if (!TIME.matcher(from).matches() || !TIME.matcher(to).matches()) {
				return null;
			}
			from = from.substring(0, 5);
			to = "00:00".equals(to.substring(0, 5)) ? "24:00" : to.substring(0, 5);
			boolean ordered = "24:00".equals(to) || LocalTime.parse(from).isBefore(LocalTime.parse(to));
			return ordered ? from + "-" + to : null;
		}

		/** The settings to store; the secret is left out, so the current one stays (or one is made). */
		Map<String, Object> settings() {
			Map<String, Object> settings = new LinkedHashMap<>();
			settings.put("allowedOrigins", origins());
			settings.put("colour", this.colour);
			settings.put("position", this.position);
			settings.put("language", this.language);
			settings.put("greetingEn", this.greetingEn);
			settings.put("greetingNl", this.greetingNl);
			settings.put("team", this.team);
			settings.put("mailbox", this.mailbox);
			settings.put("emailAfterMinutes", emailAfterMinutes());
			settings.put("rating", this.rating);
			settings.put("transcript", this.transcript);
			List<Map<String, Object>> fields = new ArrayList<>();
			List<String> asked = List.of(this.preChatName, this.preChatEmail, this.preChatQuestion);
			for (int i = 0; i < asked.size(); i++) {
				if (!"off".equals(asked.get(i))) {
					Map<String, Object> field = new LinkedHashMap<>();
					field.put("name", WebchatSettings.PRE_CHAT_FIELDS.get(i));
					field.put("required", "required".equals(asked.get(i)));
					fields.add(field);
				}
			}
			Map<String, Object> preChat = new LinkedHashMap<>();
			preChat.put("enabled", this.preChatEnabled);
			preChat.put("fields", fields);
			settings.put("preChat", preChat);
			Map<String, String> hours = new LinkedHashMap<>();
			for (String day : WebchatSettings.DAYS) {
				String range = range(this.opens.get(day), this.closes.get(day));
				if (range != null && !range.isEmpty()) {
					hours.put(day, range);
				}
			}
			settings.put("openingHours", hours);
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

		public String getAllowedOrigins() {
			return this.allowedOrigins;
		}

		public void setAllowedOrigins(@Nullable String allowedOrigins) {
			this.allowedOrigins = allowedOrigins == null ? "" : allowedOrigins.replace("\r\n", "\n").strip();
		}

		public String getColour() {
			return this.colour;
		}

		public void setColour(@Nullable String colour) {
			this.colour = strip(colour);
		}

		public String getPosition() {
			return this.position;
		}

		public void setPosition(@Nullable String position) {
			this.position = strip(position);
		}

		public String getLanguage() {
			return this.language;
		}

		public void setLanguage(@Nullable String language) {
			this.language = strip(language);
		}

		public String getGreetingEn() {
			return this.greetingEn;
		}

		public void setGreetingEn(@Nullable String greetingEn) {
			this.greetingEn = strip(greetingEn);
		}

		public String getGreetingNl() {
			return this.greetingNl;
		}

		public void setGreetingNl(@Nullable String greetingNl) {
			this.greetingNl = strip(greetingNl);
		}

		public String getTeam() {
			return this.team;
		}

		public void setTeam(@Nullable String team) {
			this.team = strip(team);
		}

		public String getMailbox() {
			return this.mailbox;
		}

		public void setMailbox(@Nullable String mailbox) {
			this.mailbox = strip(mailbox);
		}

		public String getEmailAfterMinutes() {
			return this.emailAfterMinutes;
		}

		public void setEmailAfterMinutes(@Nullable String emailAfterMinutes) {
			this.emailAfterMinutes = strip(emailAfterMinutes);
		}

		public boolean isRating() {
			return this.rating;
		}

		public void setRating(boolean rating) {
			this.rating = rating;
		}

		public boolean isTranscript() {
			return this.transcript;
		}

		public void setTranscript(boolean transcript) {
			this.transcript = transcript;
		}

		public boolean isPreChatEnabled() {
			return this.preChatEnabled;
		}

		public void setPreChatEnabled(boolean preChatEnabled) {
			this.preChatEnabled = preChatEnabled;
		}

		public String getPreChatName() {
			return this.preChatName;
		}

		public void setPreChatName(@Nullable String preChatName) {
			this.preChatName = strip(preChatName);
		}

		public String getPreChatEmail() {
			return this.preChatEmail;
		}

		public void setPreChatEmail(@Nullable String preChatEmail) {
			this.preChatEmail = strip(preChatEmail);
		}

		public String getPreChatQuestion() {
			return this.preChatQuestion;
		}

		public void setPreChatQuestion(@Nullable String preChatQuestion) {
			this.preChatQuestion = strip(preChatQuestion);
		}

		/** Bound as {@code opens[mon]}; only the seven days count. */
		public Map<String, String> getOpens() {
			return this.opens;
		}

		public Map<String, String> getCloses() {
			return this.closes;
		}

		public boolean isActive() {
			return this.active;
		}

		public void setActive(boolean active) {
			this.active = active;
		}

	}

}
