package nl.naadloos.accounts;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.i18n.LocaleChangeInterceptor;

/**
 * Language resolution for every screen ({@code ?lang=nl} switches it on the login page), and role
 * checks before request bodies are read.
 */
@Configuration(proxyBeanMethods = false)
class AccountsWebConfiguration implements WebMvcConfigurer {

	private final RoleHierarchy roleHierarchy;

	AccountsWebConfiguration(RoleHierarchy roleHierarchy) {
		this.roleHierarchy = roleHierarchy;
	}

	@Bean
	LocaleResolver localeResolver() {
		return new AgentLocaleResolver();
	}

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		LocaleChangeInterceptor interceptor = new LocaleChangeInterceptor();
		interceptor.setParamName("lang");
		interceptor.setIgnoreInvalidLocale(true);
		registry.addInterceptor(interceptor).addPathPatterns("/login");
		registry.addInterceptor(new AuthorizeBeforeBindingInterceptor(this.roleHierarchy));
	}

}
