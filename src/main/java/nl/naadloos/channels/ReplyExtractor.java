package nl.naadloos.channels;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Separates what a customer wrote now from the quoted history and the signature below it, for the mail
 * clients customers use in English and Dutch: Gmail ("On … wrote:" / "Op … schreef …:"), Outlook header
 * blocks and "-----Original Message-----" / "-----Oorspronkelijk bericht-----", Apple Mail and other
 * "&gt;" quotes, the "-- " signature separator and mobile footers ("Sent from my iPhone" / "Verzonden
 * vanaf mijn iPhone"). The full original is always kept; this only decides what an agent sees first.
 * <p>
 * A forward is different: what follows "---------- Forwarded message ---------", "Begin forwarded
 * message:" and their Dutch forms (or, in a mail whose subject says it is a forward, Outlook's header
 * block) is the point of the mail, so it is kept whole; only a signature above it goes.
 */
final class ReplyExtractor {

	/**
	 * "On … wrote:" in English (Gmail, Apple Mail, Thunderbird), "Op … schreef …:" (Gmail) and "Op … heeft …
	 * het volgende geschreven:" (Apple Mail, iPhone) in Dutch; mail clients often wrap these over two lines.
	 */
	private static final List<Pattern> ATTRIBUTION = List.of(Pattern.compile("(?is)^\\s*On\\s.{4,300}?\\swrote:\\s*$"),
			Pattern.compile("(?is)^\\s*Op\\s.{4,300}?\\sschreef\\s.{0,300}?:\\s*$"),
			Pattern.compile("(?is)^\\s*Op\\s.{4,300}?\\sheeft\\s.{1,300}?\\shet volgende geschreven:\\s*$"));

	/** Separator lines above quoted mail. */
	private static final List<Pattern> SEPARATOR = List.of(Pattern.compile(
			"(?i)^\\s*-{2,}\\s*(Original Message|Oorspronkelijk bericht|Origineel bericht)\\s*-{2,}\\s*$"),
			Pattern.compile("(?i)^\\s*_{10,}\\s*$"));

	/**
	 * The line above a forwarded mail: Gmail and Thunderbird ("---------- Forwarded message ---------",
	 * "-------- Doorgestuurd bericht --------") and Apple Mail ("Begin forwarded message:", "Begin
	 * doorgestuurd bericht:").
	 */
	private static final List<Pattern> FORWARD = List.of(Pattern.compile(
			"(?i)^\\s*-{2,}\\s*(Forwarded message|Doorgestuurd bericht|Forwarded e-?mail|Doorgestuurde e-?mail)\\s*-{2,}\\s*$"),
			Pattern.compile("(?i)^\\s*(Begin forwarded message|Begin doorgestuurd bericht|Doorgestuurd bericht)\\s*:\\s*$"));

	/** Outlook's header block: "From:"/"Van:" directly followed by "Sent:"/"Verzonden:", "Date:", "To:"… */
	private static final Pattern OUTLOOK_FROM = Pattern.compile("(?i)^\\s*\\*?(From|Van)\\s*:\\*?\\s.+$");

	private static final Pattern OUTLOOK_NEXT = Pattern.compile("(?i)^\\s*\\*?(Sent|Date|Verzonden|Datum|To|Aan)\\s*:.*$");

	private static final Pattern QUOTED = Pattern.compile("^\\s*>.*$");

	/** Lines that end what the customer wrote: a signature separator or a mobile footer. */
	private static final List<Pattern> FOOTER = List.of(Pattern.compile("^-- ?$"),
			Pattern.compile("(?i)^\\s*(Sent|Verzonden|Verstuurd|Gestuurd)\\s+(from|vanaf|van|met|via)\\s+(my|mijn)\\s+.{2,60}$"),
			Pattern.compile("(?i)^\\s*(Sent|Verzonden|Verstuurd)\\s+(from|vanaf|met|via)\\s+(Outlook|Mail|Gmail)(\\s+for\\s+\\w+|\\s+voor\\s+\\w+)?\\s*$"),
			Pattern.compile("(?i)^\\s*Get Outlook for (iOS|Android)\\s*$"), Pattern.compile("(?i)^\\s*Outlook voor (iOS|Android) downloaden\\s*$"));

	private ReplyExtractor() {
	}

	/** The new text of a mail; the whole text when nothing can be told apart (never empty for a non-empty mail). */
	static String newText(String text) {
		return newText(text, false);
	}

	/**
	 * The new text of a mail, and everything forwarded in it.
	 * @param forwarded the mail says it is a forward (its subject): a quoted-looking block is then the
	 * forwarded mail, kept like one below a forward line
	 */
	static String newText(String text, boolean forwarded) {
		String[] lines = text.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1);
		// From each line on, only quotes and blank lines? Worked out once from the end, so that a mail of
		// thousands of quoted lines takes one pass, not one pass per line.
		boolean[] quotesToEnd = new boolean[lines.length + 1];
		quotesToEnd[lines.length] = true;
		for (int i = lines.length - 1; i >= 0; i--) {
			quotesToEnd[i] = quotesToEnd[i + 1] && (lines[i].isBlank() || QUOTED.matcher(lines[i]).matches());
		}
		List<String> kept = new ArrayList<>();
		boolean inFooter = false;
		for (int i = 0; i < lines.length; i++) {
			if (startsForward(lines, i) || (forwarded && startsHistory(lines, i))) {
				// The forward is the point of the mail: kept whole, its own quotes and signatures too.
				kept.add("");
				kept.addAll(java.util.Arrays.asList(lines).subList(i, lines.length));
				break;
			}
			if (startsHistory(lines, i) || (quotesToEnd[i] && QUOTED.matcher(lines[i]).matches())) {
				break;
			}
			// A signature or mobile footer ends what was written, but a forward may still follow it.
			inFooter |= isFooter(lines[i]);
			if (!inFooter) {
				kept.add(lines[i]);
			}
		}
		String result = String.join("\n", kept).strip().replaceAll("\n{3,}", "\n\n");
		return result.isEmpty() ? text.strip() : result;
	}

	private static boolean startsForward(String[] lines, int i) {
		return FORWARD.stream().anyMatch(p -> p.matcher(lines[i]).matches());
	}

	private static boolean startsHistory(String[] lines, int i) {
		String line = lines[i];
		boolean hasNext = i + 1 < lines.length;
		if (SEPARATOR.stream().anyMatch(p -> p.matcher(line).matches())) {
			return true;
		}
		if (hasNext && OUTLOOK_FROM.matcher(line).matches() && OUTLOOK_NEXT.matcher(lines[i + 1]).matches()) {
			return true;
		}
		String wrapped = hasNext && !line.isBlank() && !lines[i + 1].isBlank() ? line + " " + lines[i + 1] : null;
		return ATTRIBUTION.stream()
			.anyMatch(p -> p.matcher(line).matches() || (wrapped != null && p.matcher(wrapped).matches()));
	}

	private static boolean isFooter(String line) {
		return FOOTER.stream().anyMatch(pattern -> pattern.matcher(line).matches());
	}

}
