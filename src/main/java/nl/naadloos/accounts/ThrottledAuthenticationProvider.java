package nl.naadloos.accounts;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;

/**
 * Form login with back-off. Unknown addresses, wrong passwords and deactivated accounts all fail
 * with the same message and all count towards the lock, so neither the message nor the lock tells
 * which e-mail addresses belong to an agent.
 */
class ThrottledAuthenticationProvider implements AuthenticationProvider {

	private final DaoAuthenticationProvider delegate;

	private final LoginThrottleService throttle;

	ThrottledAuthenticationProvider(DaoAuthenticationProvider delegate, LoginThrottleService throttle) {
		this.delegate = delegate;
		this.throttle = throttle;
	}

	@Override
	public Authentication authenticate(Authentication authentication) throws AuthenticationException {
		String email = authentication.getName() == null ? "" : authentication.getName();
		if (this.throttle.isLocked(email)) {
			throw new LockedException("Too many failed attempts");
		}
		try {
			Authentication result = this.delegate.authenticate(authentication);
			this.throttle.reset(email);
			return result;
		}
		catch (BadCredentialsException | DisabledException ex) {
			this.throttle.recordFailure(email);
			throw new BadCredentialsException("Invalid e-mail address or password");
		}
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
	}

}
