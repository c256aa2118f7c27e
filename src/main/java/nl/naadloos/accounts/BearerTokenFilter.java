package nl.naadloos.accounts;

import java.io.IOException;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

import nl.naadloos.platform.ProblemWriter;

/**
 * Authenticates API calls by {@code Authorization: Bearer <personal API token>}. A token that is
 * unknown, revoked, expired or belongs to a deactivated agent is refused with 401 at once.
 */
class BearerTokenFilter extends OncePerRequestFilter {

	private static final String BEARER = "Bearer ";

	private final AccountService accounts;

	private final ProblemWriter problems;

	BearerTokenFilter(AccountService accounts, ProblemWriter problems) {
		this.accounts = accounts;
		this.problems = problems;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String header = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
			chain.doFilter(request, response);
			return;
		}
		String presented = header.substring(BEARER.length()).strip();
		Optional<Agent> agent = presented.isEmpty() ? Optional.empty() : this.accounts.authenticateToken(presented);
		if (agent.isEmpty()) {
			response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
			this.problems.write(response, ProblemWriter.problem(HttpStatus.UNAUTHORIZED, "invalid-token", "Invalid API token",
					"The API token is unknown, revoked or expired, or its agent has been deactivated."));
			return;
		}
		AgentUser user = AgentUser.withoutPassword(agent.get());
		SecurityContext context = SecurityContextHolder.createEmptyContext();
		context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(user, null, user.getAuthorities()));
		SecurityContextHolder.setContext(context);
		try {
			chain.doFilter(request, response);
		}
		finally {
			SecurityContextHolder.clearContext();
		}
	}

}
