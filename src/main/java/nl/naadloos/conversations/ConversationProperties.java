package nl.naadloos.conversations;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Threading settings.
 *
 * @param continuationWindow how long after the last activity a new customer message still continues
 * the contact's conversation (and reopens it when solved); later messages start a new, linked one
 * @param maxTextLength the longest message text accepted, in characters
 */
@ConfigurationProperties("naadloos.conversations")
record ConversationProperties(Duration continuationWindow, int maxTextLength) {

	ConversationProperties {
		if (continuationWindow == null) {
			continuationWindow = Duration.ofDays(7);
		}
		if (maxTextLength <= 0) {
			maxTextLength = 20_000;
		}
	}

}
