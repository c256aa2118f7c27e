package nl.naadloos.channels;

import java.time.OffsetDateTime;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/**
 * A message an integration posts to an API channel account.
 *
 * @param messageId the integration's own id of the message; a repeat with the same id is a no-op
 * @param from who wrote it
 * @param text the text
 * @param sentAt when the customer sent it (ISO-8601); now when absent
 * @param replyTo the messageId this one answers, when the integration knows it
 * @param subject a subject for a new conversation
 * @param attachments files, base64 in the body (which as a whole stays within the request size limit)
 */
record ApiInboundMessage(@NotBlank @Size(max = 200) String messageId, @NotNull @Valid Sender from,
		@NotBlank @Size(max = 20000) String text, @Nullable OffsetDateTime sentAt, @Nullable @Size(max = 200) String replyTo,
		@Nullable @Size(max = 500) String subject, @Nullable @Size(max = 20) List<@NotNull @Valid Attachment> attachments) {

	/**
	 * @param fileName the file's name
	 * @param contentType its media type; guessed from the name when absent
	 * @param data the content, base64
	 */
	record Attachment(@NotBlank @Size(max = 255) String fileName, @Nullable @Size(max = 200) String contentType,
			@NotBlank String data) {
	}

	/**
	 * @param id the sender's id in the integration (the identity on this channel account)
	 * @param name display name
	 * @param email e-mail address: a verified identity when the account is trusted, otherwise a hint
	 * @param phone phone number, any format: likewise
	 * @param language {@code en} or {@code nl}
	 */
	record Sender(@NotBlank @Size(max = 200) String id, @Nullable @Size(max = 200) String name,
			@Nullable @Size(max = 320) String email, @Nullable @Size(max = 50) String phone,
			@Nullable @Size(max = 10) String language) {
	}

}
