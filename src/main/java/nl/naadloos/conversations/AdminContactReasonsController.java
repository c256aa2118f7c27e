package nl.naadloos.conversations;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import nl.naadloos.platform.FlashMessage;
import nl.naadloos.platform.ProblemException;

/** Admin screens for the contact reason taxonomy: list, add, rename, move, switch on and off. */
@Controller
@RequestMapping("/admin/contact-reasons")
class AdminContactReasonsController {

	static final String VIEW_LIST = "admin/contact-reasons/list";

	static final String VIEW_FORM = "admin/contact-reasons/form";

	private final ContactReasonCatalog catalog;

	AdminContactReasonsController(ContactReasonCatalog catalog) {
		this.catalog = catalog;
	}

	@ModelAttribute("activeNav")
	String activeNav() {
		return "contact-reasons";
	}

	@GetMapping
	String list(Model model) {
		model.addAttribute("reasons", tree(this.catalog.all()));
		return VIEW_LIST;
	}

	@GetMapping("/new")
	String newReason(Model model) {
		return form(model, new ReasonForm(), null);
	}

	@PostMapping("/new")
	String create(@Valid @ModelAttribute("form") ReasonForm form, BindingResult result, Model model,
			RedirectAttributes redirect) {
		if (result.hasErrors()) {
			return form(model, form, null);
		}
		try {
			ContactReason reason = this.catalog.create(form.key.strip(), form.name, form.nameNl, blankToNull(form.parentKey),
					form.position);
			redirect.addFlashAttribute(FlashMessage.ATTRIBUTE, FlashMessage.success("reasons.created", reason.name()));
			return "redirect:/admin/contact-reasons";
		}
		catch (ProblemException ex) {
			result.rejectValue("key", "problem." + ex.type(), ex.getMessage());
			return form(model, form, null);
		}
	}

	@GetMapping("/{key}")
	String edit(@PathVariable String key, Model model) {
		ContactReason reason = this.catalog.reason(key);
		ReasonForm form = new ReasonForm();
		form.setKey(reason.key());
		form.setName(reason.name());
		form.setNameNl(reason.nameNl());
		form.setParentKey(reason.parentKey());
		form.setPosition(reason.position());
		form.setActive(reason.isActive());
		return form(model, form, key);
	}

	@PostMapping("/{key}")
	String update(@PathVariable String key, @Valid @ModelAttribute("form") ReasonForm form, BindingResult result,
			Model model, RedirectAttributes redirect) {
		form.setKey(key);
		if (result.hasErrors()) {
			return form(model, form, key);
		}
		try {
			ContactReason reason = this.catalog.update(key, form.name, form.nameNl == null ? "" : form.nameNl,
					blankToNull(form.parentKey), blankToNull(form.parentKey) == null, form.active, form.position);
			redirect.addFlashAttribute(FlashMessage.ATTRIBUTE, FlashMessage.success("reasons.updated", reason.name()));
			return "redirect:/admin/contact-reasons";
		}
		catch (ProblemException ex) {
			result.rejectValue("parentKey", "problem." + ex.type(), ex.getMessage());
			return form(model, form, key);
		}
	}

	private String form(Model model, ReasonForm form, @Nullable String key) {
		model.addAttribute("form", form);
		model.addAttribute("reasonKey", key);
		model.addAttribute("parents", this.catalog.all()
			.stream()
			.filter(r -> r.parentKey() == null && !r.key().equals(key))
			.map(ReasonView::of)
			.toList());
		return VIEW_FORM;
	}

	/** Top-level reasons, each followed by the reasons below it. */
	static List<ReasonView> tree(List<ContactReason> all) {
		List<ReasonView> ordered = new ArrayList<>();
		for (ContactReason top : all) {
			if (top.parentKey() == null) {
				ordered.add(ReasonView.of(top));
				all.stream().filter(r -> top.key().equals(r.parentKey())).map(ReasonView::of).forEach(ordered::add);
			}
		}
		return ordered;
	}

	private static @Nullable String blankToNull(@Nullable String value) {
		return value == null || value.isBlank() ? null : value.strip();
	}

	/**
	 * A reason as the screens show it, named in the reader's language.
	 * @param key its key
	 * @param label its name in the current language
	 * @param name the English name
	 * @param nameNl the Dutch name, when set
	 * @param child whether it is below another reason
	 * @param active whether it can be given
	 */
	record ReasonView(String key, String label, String name, @Nullable String nameNl, boolean child, boolean active) {

		static ReasonView of(ContactReason reason) {
			boolean dutch = "nl".equals(LocaleContextHolder.getLocale().getLanguage().toLowerCase(Locale.ROOT));
			String label = dutch && reason.nameNl() != null ? reason.nameNl() : reason.name();
			return new ReasonView(reason.key(), label, reason.name(), reason.nameNl(), reason.parentKey() != null,
					reason.isActive());
		}

	}

	/** The form of a contact reason (the key only when it is new). */
	public static class ReasonForm {

		@NotBlank
		@Size(max = 60)
		private String key = "";

		@NotBlank
		@Size(max = 200)
		private String name = "";

		@Size(max = 200)
		private @Nullable String nameNl;

		private @Nullable String parentKey;

		private int position;

		private boolean active = true;

		public String getKey() {
			return this.key;
		}

		public void setKey(@Nullable String key) {
			this.key = key == null ? "" : key.strip();
		}

		public String getName() {
			return this.name;
		}

		public void setName(@Nullable String name) {
			this.name = name == null ? "" : name.strip();
		}

		public @Nullable String getNameNl() {
			return this.nameNl;
		}

		public void setNameNl(@Nullable String nameNl) {
			this.nameNl = nameNl;
		}

		public @Nullable String getParentKey() {
			return this.parentKey;
		}

		public void setParentKey(@Nullable String parentKey) {
			this.parentKey = parentKey;
		}

		public int getPosition() {
			return this.position;
		}

		public void setPosition(int position) {
			this.position = position;
		}

		public boolean isActive() {
			return this.active;
		}

		public void setActive(boolean active) {
			this.active = active;
		}

	}

}
