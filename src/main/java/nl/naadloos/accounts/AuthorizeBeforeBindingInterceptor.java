package nl.naadloos.accounts;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.access.expression.method.DefaultMethodSecurityExpressionHandler;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.authorization.method.PreAuthorizeAuthorizationManager;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.util.SimpleMethodInvocation;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Checks a handler's role-only {@code @PreAuthorize} before Spring MVC reads and validates the request
 * body. Method security alone runs after argument binding, so an agent calling an admin endpoint with
 * a bad body would get a 400 describing the body instead of a 403. Expressions that refer to method
 * arguments are left to method security, which still checks every rule again.
 */
class AuthorizeBeforeBindingInterceptor implements HandlerInterceptor {

	private final PreAuthorizeAuthorizationManager manager = new PreAuthorizeAuthorizationManager();

	AuthorizeBeforeBindingInterceptor(RoleHierarchy roleHierarchy) {
		DefaultMethodSecurityExpressionHandler expressions = new DefaultMethodSecurityExpressionHandler();
		expressions.setRoleHierarchy(roleHierarchy);
		this.manager.setExpressionHandler(expressions);
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		if (!(handler instanceof HandlerMethod method)) {
			return true;
		}
		PreAuthorize rule = method.getMethodAnnotation(PreAuthorize.class);
		if (rule == null || rule.value().contains("#")) {
			return true;
		}
		Object[] noArguments = new Object[method.getMethodParameters().length];
		AuthorizationResult result = this.manager.authorize(SecurityContextHolder.getContext()::getAuthentication,
				new SimpleMethodInvocation(method.getBean(), method.getMethod(), noArguments));
		if (result != null && !result.isGranted()) {
			throw new AccessDeniedException("Access denied");
		}
		return true;
	}

}
