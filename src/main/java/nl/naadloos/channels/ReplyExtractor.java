package nl.naadloos.channels;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Separates what a customer wrote now from the quoted history and the signature below it, for the mail
 * clients customers use in English and Dutch: Gmail ("On … wrote:" / "Op … schreef …:"), Outlook header
 * blocks and "-----Original Message-----" / "-----Oorspronkelijk bericht-----", Apple Mail and other
 * "&gt;" quotes, the "-- " signature separator and mobile footers ("Sent from my iPhone" / "Verzonden
 * vanaf mijn iPhone"). The full original is always kept; this only decides what an agent sees first.
 */
final class ReplyExtractor {

	/**
	 * "On … wrote:" in English (Gmail, Apple Mail, Thunderbird) and "Op … schreef …:" in Dutch; mail
	 * clients often wrap these over two lines.
	 */
	private static final List<Pattern> ATTRIBUTION = List.of(Pattern.compile("(?is)^\\s*On\\s.{4,300}?\\swrote:\\s*$"),
			Pattern.compile("(?is)^\\s*Op\\s.{4,300}?\\sschreef\\s.{0,300}?:\\s*$"));

	/** Separator lines above forwarded or quoted mail. */
	private static final List<Pattern> SEPARATOR = List.of(Pattern.compile(
			"(?i)^\\s*-{2,}\\s*(Original Message|Oorspronkelijk bericht|Origineel bericht|Forwarded message|Doorgestuurd bericht)\\s*-{2,}\\s*$"),
			Pattern.compile("(?i)^\\s*_{10,}\\s*$"));

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
		String[] lines = text.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1);
		int end = lines.length;
		for (int i = 0; i < lines.length; i++) {
			if (startsHistory(lines, i) || isFooter(lines[i]) || startsQuoteBlock(lines, i)) {
				end = i;
				break;
			}
		}
		String kept = String.join("\n", java.util.Arrays.copyOfRange(lines, 0, end)).strip();
		return kept.isEmpty() ? text.strip() : kept;
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

	/** A block of "&gt;" lines that runs to the end (blank lines and more quotes only). */
	private static boolean startsQuoteBlock(String[] lines, int i) {
		if (!QUOTED.matcher(lines[i]).matches()) {
			return false;
		}
		for (int j = i; j < lines.length; j++) {
			if (!lines[j].isBlank() && !QUOTED.matcher(lines[j]).matches()) {
				return false;
			}
		}
		return true;
	}

}
