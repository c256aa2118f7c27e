package nl.naadloos.accounts;

import java.util.List;
import java.util.UUID;

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

import nl.naadloos.platform.FlashMessage;
import nl.naadloos.platform.ProblemException;

/** Admin screens to list, create, rename and delete teams. */
@Controller
@RequestMapping("/admin/teams")
class AdminTeamsController {

	static final String VIEW_LIST = "admin/teams/list";

	static final String VIEW_FORM = "admin/teams/form";

	private final AccountService accounts;

	AdminTeamsController(AccountService accounts) {
		this.accounts = accounts;
	}

	@InitBinder
	void allowedFields(WebDataBinder binder) {
		binder.setDisallowedFields("id");
	}

	@ModelAttribute("activeNav")
	String activeNav() {
		return "teams";
	}

	@GetMapping
	String list(Model model) {
		model.addAttribute("teams", HomeController.TeamView.all(this.accounts));
		return VIEW_LIST;
	}

	@GetMapping("/new")
	String newTeam(Model model) {
		return form(model, new TeamForm(), null);
	}

	@PostMapping("/new")
	String create(@Valid @ModelAttribute("form") TeamForm form, BindingResult result, Model model,
			RedirectAttributes redirect) {
		if (result.hasErrors()) {
			return form(model, form, null);
		}
		try {
			Team team = this.accounts.createTeam(form.name, form.description);
			redirect.addFlashAttribute(FlashMessage.ATTRIBUTE, FlashMessage.success("teams.created", team.name()));
			return "redirect:/admin/teams";
		}
		catch (ProblemException ex) {
			result.rejectValue("name", "problem." + ex.type(), ex.getMessage());
			return form(model, form, null);
		}
	}

	@GetMapping("/{id}")
	String edit(@PathVariable UUID id, Model model) {
		Team team = this.accounts.team(id);
		TeamForm form = new TeamForm();
		form.setName(team.name());
		form.setDescription(team.description());
		return form(model, form, id);
	}

	@PostMapping("/{id}")
	String update(@PathVariable UUID id, @Valid @ModelAttribute("form") TeamForm form, BindingResult result,
			Model model, RedirectAttributes redirect) {
		if (result.hasErrors()) {
			return form(model, form, id);
		}
		try {
			Team team = this.accounts.updateTeam(id, form.name, form.description);
			redirect.addFlashAttribute(FlashMessage.ATTRIBUTE, FlashMessage.success("teams.updated", team.name()));
			return "redirect:/admin/teams";
		}
		catch (ProblemException ex) {
			result.rejectValue("name", "problem." + ex.type(), ex.getMessage());
			return form(model, form, id);
		}
	}

	@PostMapping("/{id}/delete")
	String delete(@PathVariable UUID id, RedirectAttributes redirect) {
		String name = this.accounts.team(id).name();
		this.accounts.deleteTeam(id);
		redirect.addFlashAttribute(FlashMessage.ATTRIBUTE, FlashMessage.success("teams.deleted", name));
		return "redirect:/admin/teams";
	}

	private String form(Model model, TeamForm form, @Nullable UUID id) {
		model.addAttribute("form", form);
		model.addAttribute("teamId", id);
		List<MemberView> members = id == null ? List.of()
				: this.accounts.agentsInTeam(id)
					.stream()
					.map(a -> new MemberView(a.id(), a.name(), a.isActive()))
					.toList();
		model.addAttribute("members", members);
		return VIEW_FORM;
	}

	record MemberView(UUID id, String name, boolean active) {
	}

	/** The team form. */
	static class TeamForm {

		@NotBlank
		@Size(max = 100)
		private String name = "";

		@Size(max = 500)
		private String description = "";

		public String getName() {
			return this.name;
		}

		public void setName(String name) {
			this.name = name == null ? "" : name.strip();
		}

		public String getDescription() {
			return this.description;
		}

		public void setDescription(@Nullable String description) {
			this.description = description == null ? "" : description;
		}

	}

}
