package nl.naadloos.accounts;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
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
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import nl.naadloos.platform.Cursor;
import nl.naadloos.platform.CursorPage;
import nl.naadloos.platform.FlashMessage;
import nl.naadloos.platform.ProblemException;

/** Admin screens to list, create, edit, deactivate and reactivate agents and to reset passwords. */
@Controller
@RequestMapping("/admin/agents")
class AdminAgentsController {

	static final String VIEW_LIST = "admin/agents/list";

	static final String VIEW_FORM = "admin/agents/form";

	private final AccountService accounts;

	AdminAgentsController(AccountService accounts) {
		this.accounts = accounts;
	}

	@InitBinder
	void allowedFields(WebDataBinder binder) {
		binder.setDisallowedFields("id");
	}

	@ModelAttribute("activeNav")
	String activeNav() {
		return "agents";
	}

	@GetMapping
	String list(@RequestParam(required = false) @Nullable String q,
			@RequestParam(required = false) @Nullable String status,
			@RequestParam(required = false) @Nullable String cursor, Model model) {
		Boolean active = "active".equals(status) ? Boolean.TRUE : "deactivated".equals(status) ? Boolean.FALSE : null;
		CursorPage<AgentResource> page = this.accounts.agents(active, q, Cursor.decode(cursor, 2), 50)
			.map(AgentResource::of);
		model.addAttribute("page", page);
		model.addAttribute("q", q == null ? "" : q);
		model.addAttribute("status", status == null ? "" : status);
		return VIEW_LIST;
	}

	@GetMapping("/new")
	String newAgent(Model model) {
		return form(model, new AgentForm(), null);
	}

	@PostMapping("/new")
	String create(@Valid @ModelAttribute("form") AgentForm form, BindingResult result, Model model,
			RedirectAttributes redirect) {
		if (!form.password.isEmpty() && (form.password.length() < 12 || form.password.length() > 128)) {
			result.rejectValue("password", "problem.weak-password");
		}
		if (result.hasErrors()) {
			return form(model, form, null);
		}
		boolean generated = form.password.isEmpty();
		String password = generated ? AccountsBootstrap.generatePassword() : form.password;
		try {
			Agent agent = this.accounts.createAgent(new AccountService.AgentDraft(form.name, form.email,
					Role.fromKey(form.role), form.locale, form.teamIds, form.skillList()), password);
			redirect.addFlashAttribute(FlashMessage.ATTRIBUTE, generated
					? FlashMessage.success("agents.createdWithPassword", agent.name(), password)
					: FlashMessage.success("agents.created", agent.name()));
			return "redirect:/admin/agents/" + agent.id();
		}
		catch (ProblemException ex) {
			reject(result, ex);
			return form(model, form, null);
		}
	}

	@GetMapping("/{id}")
	String edit(@PathVariable UUID id, Model model) {
		return form(model, AgentForm.of(this.accounts.agent(id)), id);
	}

	@PostMapping("/{id}")
	String update(@PathVariable UUID id, @Valid @ModelAttribute("form") AgentForm form, BindingResult result,
			Model model, @AuthenticationPrincipal AgentUser me, RedirectAttributes redirect) {
		if (result.hasErrors()) {
			return form(model, form, id);
		}
		try {
			Agent agent = this.accounts.updateAgent(id, new AccountService.AgentChanges(form.name, form.email,
					Role.fromKey(form.role), form.locale, form.teamIds, form.skillList()), me.agentId());
			redirect.addFlashAttribute(FlashMessage.ATTRIBUTE, FlashMessage.success("agents.updated", agent.name()));
			return "redirect:/admin/agents/" + id;
		}
		catch (ProblemException ex) {
			reject(result, ex);
			return form(model, form, id);
		}
	}

	@PostMapping("/{id}/deactivate")
	String deactivate(@PathVariable UUID id, @AuthenticationPrincipal AgentUser me, RedirectAttributes redirect) {
		try {
			Agent agent = this.accounts.deactivate(id, me.agentId());
			redirect.addFlashAttribute(FlashMessage.ATTRIBUTE, FlashMessage.success("agents.deactivated", agent.name()));
		}
		catch (ProblemException ex) {
			redirect.addFlashAttribute(FlashMessage.ATTRIBUTE, FlashMessage.error("problem." + ex.type()));
		}
		return "redirect:/admin/agents/" + id;
	}

	@PostMapping("/{id}/reactivate")
	String reactivate(@PathVariable UUID id, RedirectAttributes redirect) {
		try {
			Agent agent = this.accounts.reactivate(id);
			redirect.addFlashAttribute(FlashMessage.ATTRIBUTE, FlashMessage.success("agents.reactivated", agent.name()));
		}
		catch (ProblemException ex) {
			redirect.addFlashAttribute(FlashMessage.ATTRIBUTE, FlashMessage.error("problem." + ex.type()));
		}
		return "redirect:/admin/agents/" + id;
	}

	@PostMapping("/{id}/password")
	String resetPassword(@PathVariable UUID id, RedirectAttributes redirect) {
		String password = AccountsBootstrap.generatePassword();
		Agent agent = this.accounts.resetPassword(id, password);
		redirect.addFlashAttribute(FlashMessage.ATTRIBUTE,
				FlashMessage.warning("agents.passwordReset", agent.name(), password));
		return "redirect:/admin/agents/" + id;
	}

	private String form(Model model, AgentForm form, @Nullable UUID id) {
		model.addAttribute("form", form);
		model.addAttribute("agentId", id);
		model.addAttribute("roles", Role.values());
		model.addAttribute("teams", HomeController.TeamView.all(this.accounts));
		if (id != null) {
			Agent agent = this.accounts.agent(id);
			model.addAttribute("active", agent.isActive());
			model.addAttribute("deactivatedAt", agent.deactivatedAt());
		}
		else {
			model.addAttribute("active", true);
			model.addAttribute("deactivatedAt", (Instant) null);
		}
		return VIEW_FORM;
	}

	private static void reject(BindingResult result, ProblemException ex) {
		String code = "problem." + ex.type();
		switch (ex.type()) {
			case "agent-email-taken" -> result.rejectValue("email", code, ex.getMessage());
			case "weak-password" -> result.rejectValue("password", code, ex.getMessage());
			default -> result.reject(code, ex.getMessage());
		}
	}

	/** The agent form; a plain bean because Thymeleaf binds fields by getters and setters. */
	static class AgentForm {

		@NotBlank
		@Size(max = 200)
		private String name = "";

		@NotBlank
		@Email
		@Size(max = 320)
		private String email = "";

		private String role = "agent";

		private String locale = "en";

		private List<UUID> teamIds = new ArrayList<>();

		@Size(max = 1000)
		private String skills = "";

		private String password = "";

		static AgentForm of(Agent agent) {
			AgentForm form = new AgentForm();
			form.name = agent.name();
			form.email = agent.email();
			form.role = agent.role().key();
			form.locale = agent.locale();
			form.teamIds = new ArrayList<>(agent.teams().stream().map(Team::id).toList());
			form.skills = String.join(", ", agent.skills());
			return form;
		}

		List<String> skillList() {
			return Arrays.stream(this.skills.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
		}

		public String getName() {
			return this.name;
		}

		public void setName(String name) {
			this.name = name == null ? "" : name;
		}

		public String getEmail() {
			return this.email;
		}

		public void setEmail(String email) {
			this.email = email == null ? "" : email.strip();
		}

		public String getRole() {
			return this.role;
		}

		public void setRole(String role) {
			this.role = "admin".equals(role) || "supervisor".equals(role) ? role : "agent";
		}

		public String getLocale() {
			return this.locale;
		}

		public void setLocale(String locale) {
			this.locale = "nl".equals(locale) ? "nl" : "en";
		}

		public List<UUID> getTeamIds() {
			return this.teamIds;
		}

		public void setTeamIds(List<UUID> teamIds) {
			this.teamIds = teamIds == null ? new ArrayList<>() : teamIds;
		}

		public String getSkills() {
			return this.skills;
		}

		public void setSkills(String skills) {
			this.skills = skills == null ? "" : skills;
		}

		public String getPassword() {
			return this.password;
		}

		public void setPassword(String password) {
			this.password = password == null ? "" : password;
		}

	}

}
