package nl.naadloos.support;

import java.util.LinkedHashMap;
import java.util.Map;

import com.icegreen.greenmail.junit5.GreenMailExtension;

/** The settings of a mailbox channel account that reads and sends through a test's GreenMail server. */
public final class GreenMailbox {

	public static final String PASSWORD = "mailbox-password";

	private GreenMailbox() {
	}

	/** Plain IMAP and SMTP on the loopback address; the user must exist in GreenMail with {@link #PASSWORD}. */
	public static Map<String, Object> settings(GreenMailExtension mail, String address, String displayName) {
		Map<String, Object> settings = new LinkedHashMap<>();
		settings.put("address", address);
		settings.put("displayName", displayName);
		settings.put("imapHost", "127.0.0.1");
		settings.put("imapPort", mail.getImap().getPort());
		settings.put("imapSecurity", "none");
		settings.put("smtpHost", "127.0.0.1");
		settings.put("smtpPort", mail.getSmtp().getPort());
		settings.put("smtpSecurity", "none");
		settings.put("username", address.toLowerCase(java.util.Locale.ROOT));
		settings.put("password", PASSWORD);
		return settings;
	}

}
