package nl.naadloos.accounts;

import org.jspecify.annotations.Nullable;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * Puts the logged-in agent into every server-rendered page as {@code me}, for the navigation and the
 * top bar. (Thymeleaf's {@code #authentication} needs an extra module; this is all the layout needs.)
 */
@ControllerAdvice(annotations = Controller.class)
class UiModelAdvice {

	@ModelAttribute("me")
	@Nullable AgentUser me() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		return authentication != null && authentication.getPrincipal() instanceof AgentUser user ? user : null;
	}

}
