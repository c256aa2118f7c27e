package nl.naadloos.accounts;

import java.time.Clock;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Counts failed logins per e-mail address and tells when an address is locked. */
@Service
@Transactional(propagation = Propagation.REQUIRES_NEW)
class LoginThrottleService {

	private final LoginThrottles throttles;

	private final Clock clock;

	LoginThrottleService(LoginThrottles throttles, Clock clock) {
		this.throttles = throttles;
		this.clock = clock;
	}

	@Transactional(readOnly = true)
	public boolean isLocked(String email) {
		return this.throttles.findById(Agent.normaliseEmail(email))
			.map(t -> t.isLocked(this.clock.instant()))
			.orElse(false);
	}

	public void recordFailure(String email) {
		String key = Agent.normaliseEmail(email);
		LoginThrottle throttle = this.throttles.findById(key).orElseGet(() -> new LoginThrottle(key));
		throttle.recordFailure(this.clock.instant());
		try {
			this.throttles.save(throttle);
		}
		catch (DataIntegrityViolationException concurrentFirstFailure) {
			// Another failed attempt for the same address created the row at the same moment; one of
			// the two counts, which is enough to slow guessing down.
		}
	}

	public void reset(String email) {
		this.throttles.deleteById(Agent.normaliseEmail(email));
	}

}
