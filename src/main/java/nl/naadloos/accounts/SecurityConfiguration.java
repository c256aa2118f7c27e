package nl.naadloos.accounts;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;

import nl.naadloos.platform.ProblemWriter;
import nl.naadloos.platform.PublicEndpoints;

/**
 * Two filter chains. The API ({@code /api/**}, {@code /actuator/**}) is stateless and takes personal
 * API tokens only, so it needs no CSRF protection and answers 401/403 as problem details. The web UI
 * uses form login with a session, CSRF tokens on every form and a strict content security policy.
 * Everything requires a login unless listed as public here or in a module's {@link PublicEndpoints}.
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
class SecurityConfiguration {

	/** Pages and assets anyone may load: the login page, static files, the API documentation. */
	static final String[] PUBLIC_UI = { "/login", "/css/**", "/js/**", "/img/**", "/webjars/**", "/favicon.ico",
			"/favicon.svg", "/error", "/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**" };

	static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; "
			+ "style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; font-src 'self'; "
			+ "object-src 'none'; frame-ancestors 'none'; form-action 'self'; base-uri 'self'";

	@Bean
	PasswordEncoder passwordEncoder() {
		return PasswordEncoderFactories.createDelegatingPasswordEncoder();
	}

	@Bean
	static RoleHierarchy roleHierarchy() {
		return RoleHierarchyImpl.fromHierarchy("""
				ROLE_ADMIN > ROLE_SUPERVISOR
				ROLE_SUPERVISOR > ROLE_AGENT""");
	}

	/**
	 * The only authentication manager: form login with back-off. Declared as the bean so that Boot
	 * creates no default user and no second, unthrottled provider behind it.
	 */
	@Bean
	AuthenticationManager authenticationManager(Agents agents, PasswordEncoder passwords,
			LoginThrottleService throttle) {
		UserDetailsService users = email -> agents.findByEmail(Agent.normaliseEmail(email))
			.map(AgentUser::of)
			.orElseThrow(() -> new UsernameNotFoundException("No such agent"));
		DaoAuthenticationProvider dao = new DaoAuthenticationProvider(users);
		dao.setPasswordEncoder(passwords);
		return new ProviderManager(new ThrottledAuthenticationProvider(dao, throttle));
	}

	/**
	 * Public endpoints outside the API (the chat widget's script, socket and files): no session, no login,
	 * no CSRF token (they are called from other sites and check their own origins and signatures).
	 */
	@Bean
	@Order(0)
	SecurityFilterChain publicSecurity(HttpSecurity http, ObjectProvider<PublicEndpoints> publicEndpoints)
			throws Exception {
		String[] open = publicEndpoints.orderedStream()
			.flatMap(p -> p.patterns().stream())
			.filter(pattern -> !pattern.startsWith("/api/"))
			.toArray(String[]::new);
		stateless(http.securityMatcher(open.length == 0 ? new String[] { "/.no-public-endpoints" } : open))
			.authorizeHttpRequests(authorize -> authorize.anyRequest().permitAll())
			.headers(headers -> headers.frameOptions(frames -> frames.disable()));
		return http.build();
	}

	@Bean
	@Order(1)
	SecurityFilterChain apiSecurity(HttpSecurity http, AccountService accounts, ProblemWriter problems,
			ObjectProvider<PublicEndpoints> publicEndpoints) throws Exception {
		String[] open = publicEndpoints.orderedStream().flatMap(p -> p.patterns().stream()).toArray(String[]::new);
		stateless(http.securityMatcher("/api/**", "/actuator/**"))
			.addFilterBefore(new BearerTokenFilter(accounts, problems), BasicAuthenticationFilter.class)
			.authorizeHttpRequests(authorize -> {
				if (open.length > 0) {
					authorize.requestMatchers(open).permitAll();
				}
				authorize.requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info").permitAll();
				authorize.requestMatchers("/actuator/**").hasRole("ADMIN");
				authorize.anyRequest().authenticated();
			})
			.exceptionHandling(exceptions -> exceptions.authenticationEntryPoint((request, response, ex) -> {
				response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
				problems.write(response, ProblemWriter.problem(HttpStatus.UNAUTHORIZED, "unauthenticated",
						"Authentication required",
						"This API needs a personal API token: send it as 'Authorization: Bearer <token>'. "
								+ "Create one on your profile page."));
			})
				.accessDeniedHandler((request, response, ex) -> problems.write(response,
						ProblemWriter.problem(HttpStatus.FORBIDDEN, "forbidden", "Forbidden",
								"Your role does not allow this."))));
		return http.build();
	}

	@Bean
	@Order(2)
	SecurityFilterChain uiSecurity(HttpSecurity http, AuthenticationManager authenticationManager,
			Agents agents) throws Exception {
		LoginUrlAuthenticationEntryPoint loginPage = new LoginUrlAuthenticationEntryPoint("/login");
		http.authenticationManager(authenticationManager)
			.authorizeHttpRequests(authorize -> authorize.requestMatchers(PUBLIC_UI)
				.permitAll()
				.requestMatchers("/admin/**")
				.hasRole("ADMIN")
				.anyRequest()
				.authenticated())
			.formLogin(form -> form.loginPage("/login")
				.usernameParameter("email")
				.passwordParameter("password")
				.failureHandler(loginFailureHandler())
				.defaultSuccessUrl("/", false)
				.permitAll())
			.logout(logout -> logout.logoutUrl("/logout").logoutSuccessUrl("/login?logout").deleteCookies("NAADLOOS_SESSION"))
			.addFilterBefore(new ActiveAgentFilter(agents), AnonymousAuthenticationFilter.class)
			.exceptionHandling(exceptions -> exceptions.authenticationEntryPoint((request, response, ex) -> {
				// htmx follows HX-Redirect with a full page load instead of swapping the login page in.
				if (request.getHeader("HX-Request") != null) {
					response.setHeader("HX-Redirect", request.getContextPath() + "/login");
					response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
					return;
				}
				loginPage.commence(request, response, ex);
			}))
			.headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
				.referrerPolicy(referrer -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN)));
		return http.build();
	}

	/** No session, no cookies, no login forms: every request stands on its own (a token, a signature). */
	private static HttpSecurity stateless(HttpSecurity http) throws Exception {
		return http.csrf(csrf -> csrf.disable())
			.sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.requestCache(cache -> cache.disable())
			.formLogin(form -> form.disable())
			.httpBasic(basic -> basic.disable())
			.logout(logout -> logout.disable());
	}

	private static AuthenticationFailureHandler loginFailureHandler() {
		return (request, response, exception) -> response.sendRedirect(
				request.getContextPath() + (exception instanceof LockedException ? "/login?locked" : "/login?error"));
	}

}
