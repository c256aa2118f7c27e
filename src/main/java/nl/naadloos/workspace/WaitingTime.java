package nl.naadloos.workspace;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

/** How long something has waited, as agents read it at a glance: "4 min", "3 h", "2 d". */
@Component("waiting")
class WaitingTime {

	private final Clock clock;

	private final MessageSource texts;

	WaitingTime(Clock clock, MessageSource texts) {
		this.clock = clock;
		this.texts = texts;
	}

	/** The time since {@code since}, in the agent's language; empty when nothing waits. */
	public String since(@Nullable Instant since) {
		if (since == null) {
			return "";
		}
		Duration waited = Duration.between(since, this.clock.instant());
		if (waited.isNegative()) {
			waited = Duration.ZERO;
		}
		String key;
		long amount;
		if (waited.toMinutes() < 60) {
			key = "workspace.waiting.minutes";
			amount = Math.max(1, waited.toMinutes());
		}
		else if (waited.toHours() < 48) {
			key = "workspace.waiting.hours";
			amount = waited.toHours();
		}
		else {
			key = "workspace.waiting.days";
			amount = waited.toDays();
		}
		return this.texts.getMessage(key, new Object[] { amount }, LocaleContextHolder.getLocale());
	}

}
