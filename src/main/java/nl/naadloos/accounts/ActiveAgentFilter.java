package nl.naadloos.accounts;

import java.io.IOException;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Keeps browser sessions in step with the stored agent: a session of an agent who has been
 * deactivated ends at the next request, and a changed name, role or language applies at once instead
 * of at the next login.
 */
class ActiveAgentFilter extends OncePerRequestFilter {

	private final Agents agents;

	ActiveAgentFilter(Agents agents) {
		this.agents = agents;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication != null && authentication.getPrincipal() instanceof AgentUser user) {
			Optional<Agent> agent = this.agents.findById(user.agentId());
			if (agent.isEmpty() || !agent.get().isActive()) {
				HttpSession session = request.getSession(false);
				if (session != null) {
					session.invalidate();
				}
				SecurityContextHolder.clearContext();
				response.sendRedirect(request.getContextPath() + "/login?deactivated");
				return;
			}
			if (user.differsFrom(agent.get())) {
				AgentUser refreshed = AgentUser.withoutPassword(agent.get());
				SecurityContext context = SecurityContextHolder.createEmptyContext();
				context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(refreshed, null,
						refreshed.getAuthorities()));
				SecurityContextHolder.setContext(context);
				HttpSession session = request.getSession(false);
				if (session != null) {
					session.setAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY, context);
				}
			}
		}
		chain.doFilter(request, response);
	}

}
