package nl.naadloos.conversations;

import java.time.Clock;
import java.util.List;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import nl.naadloos.platform.InvalidRequest;
import nl.naadloos.platform.ResourceNotFound;

/** The contact reason taxonomy: admins keep it, conversations may only be given an active reason. */
@Service
@Transactional
class ContactReasonCatalog {

	static final Pattern KEY = Pattern.compile("[a-z0-9][a-z0-9-]{0,59}");

	private final ContactReasons reasons;

	private final Clock clock;

	ContactReasonCatalog(ContactReasons reasons, Clock clock) {
		this.reasons = reasons;
		this.clock = clock;
	}

	@Transactional(readOnly = true)
	List<ContactReason> all() {
		return this.reasons.findAllByOrderByPositionAscNameAsc();
	}

	ContactReason create(String key, String name, @Nullable String nameNl, @Nullable String parentKey,
			@Nullable Integer position) {
		if (!KEY.matcher(key).matches()) {
			throw new InvalidRequest("key must be 1 to 60 lower-case letters, digits and dashes, starting with a letter or "
					+ "digit, such as \"delivery-late\".");
		}
		if (this.reasons.existsById(key)) {
			throw new ConversationProblems.ContactReasonExists(key);
		}
		checkParent(key, parentKey);
		return this.reasons.save(new ContactReason(key, name, nameNl, parentKey, position == null ? 0 : position,
				this.clock.instant()));
	}

	ContactReason update(String key, @Nullable String name, @Nullable String nameNl, @Nullable String parentKey,
			boolean clearParent, @Nullable Boolean active, @Nullable Integer position) {
		ContactReason reason = reason(key);
		String parent = clearParent ? null : parentKey != null ? parentKey : reason.parentKey();
		if (parent != null && !parent.equals(reason.parentKey())) {
			checkParent(key, parent);
			if (this.reasons.existsByParentKey(key)) {
				throw new InvalidRequest("Contact reason '" + key + "' has reasons below it, so it cannot go below another "
						+ "one (the taxonomy has two levels).");
			}
		}
		reason.change(name == null ? reason.name() : name, nameNl == null ? reason.nameNl() : nameNl, parent,
				active == null ? reason.isActive() : active, position == null ? reason.position() : position,
				this.clock.instant());
		return reason;
	}

	@Transactional(readOnly = true)
	ContactReason reason(String key) {
		return this.reasons.findById(key).orElseThrow(() -> new ResourceNotFound("Contact reason", key));
	}

	/** Refuses a reason a conversation may not newly get: unknown or switched off. */
	@Transactional(readOnly = true)
	void checkAssignable(String key) {
		ContactReason reason = this.reasons.findById(key)
			.orElseThrow(() -> new InvalidRequest("There is no contact reason '" + key
					+ "'. GET /api/v1/contact-reasons lists them; an admin can add one."));
		if (!reason.isActive()) {
			throw new InvalidRequest("Contact reason '" + key + "' (" + reason.name() + ") is switched off.");
		}
	}

	private void checkParent(String key, @Nullable String parentKey) {
		if (parentKey == null) {
			return;
		}
		if (parentKey.equals(key)) {
			throw new InvalidRequest("A contact reason cannot be below itself.");
		}
		ContactReason parent = this.reasons.findById(parentKey)
			.orElseThrow(() -> new InvalidRequest("There is no contact reason '" + parentKey + "' to put it below."));
		if (parent.parentKey() != null) {
			throw new InvalidRequest("'" + parentKey + "' is itself below '" + parent.parentKey()
					+ "'; the taxonomy has two levels.");
		}
	}

}
