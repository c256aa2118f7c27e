package nl.naadloos.channels;

import java.io.IOException;
import java.util.UUID;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * CORS for the widget's HTTP calls: a page on a site the widget allows may read the answers, errors
 * included (a refused upload says why), and nobody else may. The widget only makes simple requests
 * (GET, and POST of a form), so there is no preflight to answer.
 */
class WebchatCors extends OncePerRequestFilter {

	private final WebchatWidgets widgets;

	WebchatCors(WebchatWidgets widgets) {
		this.widgets = widgets;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String origin = request.getHeader(HttpHeaders.ORIGIN);
		response.addHeader(HttpHeaders.VARY, HttpHeaders.ORIGIN);
		if (origin != null) {
			String path = request.getRequestURI().substring(request.getContextPath().length());
			String[] parts = path.split("/");
			// /widget/api/{widgetId}/...
			UUID widgetId = parts.length > 3 ? WebchatHandshake.widgetId(parts[3]) : null;
			String own = request.getScheme() + "://" + request.getHeader(HttpHeaders.HOST);
			if (widgetId != null && this.widgets.active(widgetId)
				.filter(widget -> WebchatHandshake.allowed(widget, origin, own))
				.isPresent()) {
				response.setHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
			}
		}
		chain.doFilter(request, response);
	}

	@Configuration(proxyBeanMethods = false)
	static class WebchatCorsRegistration {

		/** Before security and size limits, so that their refusals can be read by the widget too. */
		@Bean
		FilterRegistrationBean<WebchatCors> webchatCors(WebchatWidgets widgets) {
			FilterRegistrationBean<WebchatCors> registration = new FilterRegistrationBean<>(new WebchatCors(widgets));
			registration.addUrlPatterns("/widget/api/*");
			registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
			return registration;
		}

	}

}
