package nl.naadloos.channels;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.owasp.html.HtmlPolicyBuilder;
import org.owasp.html.PolicyFactory;
import org.owasp.html.Sanitizers;

import org.springframework.web.util.HtmlUtils;

/**
 * The HTML of a mail as agents may see it: sanitised (no scripts, handlers, forms or styles; remote images
 * blocked until asked for, inline {@code cid:} images kept) and shortened to fit its column, turned into
 * plain text the way a reader sees it, and its {@code cid:} references matched to the mail's parts.
 */
final class MailHtml {

	/**
	 * Formatting, blocks, tables and links; no scripts, handlers, forms or styles. Images stay only as
	 * {@code cid:} parts of the mail; remote ones ({@code http(s)}) get their address in
	 * {@code data-remote-src} so nothing loads until an agent asks for them; anything else is dropped.
	 */
	private static final PolicyFactory HTML = Sanitizers.FORMATTING.and(Sanitizers.BLOCKS)
		.and(Sanitizers.LINKS)
		.and(Sanitizers.TABLES)
		.and(new HtmlPolicyBuilder().allowElements("br", "hr", "span", "div", "pre")
			.allowUrlProtocols("cid", "http", "https")
			.allowAttributes("src")
			.matching((element, attribute, value) -> value.regionMatches(true, 0, "cid:", 0, 4)
					|| value.matches("(?i)^(https?:)?//[^\\s]+$") ? value : null)
			.onElements("img")
			.allowAttributes("alt", "title")
			.onElements("img")
			.allowElements((element, attributes) -> {
				for (int i = 0; i < attributes.size(); i += 2) {
					String value = attributes.get(i + 1);
					if ("src".equals(attributes.get(i)) && !value.regionMatches(true, 0, "cid:", 0, 4)) {
						attributes.set(i, "data-remote-src");
						attributes.set(i + 1, value.startsWith("//") ? "https:" + value : value);
					}
				}
				return attributes.contains("src") || attributes.contains("data-remote-src") ? element : null;
			}, "img")
			.toFactory());

	/** The HTML column's size; longer HTML is shortened before it is sanitised. */
	static final int MAX_HTML = 1_000_000;

	private static final Pattern CID_SOURCE = Pattern.compile("src=\"cid:([^\"]*)\"");

	private static final Set<String> BLOCKS = Set.of("p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol",
			"table", "tr", "address", "section", "article", "header", "footer", "dl", "dt", "dd", "center", "form",
			"fieldset", "figure", "main", "nav", "aside", "tbody", "thead", "tfoot");

	/** Blocks that a blank line separates from what follows. */
	private static final Set<String> PARAGRAPHS = Set.of("p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table",
			"dl");

	private MailHtml() {
	}

	/** Sanitised HTML that fits the column: a longer original is shortened first, then sanitised. */
	static String sanitise(String html) {
		String source = html;
		String clean = HTML.sanitize(source);
		while (clean.length() > MAX_HTML && source.length() > 1000) {
			source = source.substring(0, source.length() * 3 / 4);
			clean = HTML.sanitize(source);
		}
		return clean;
	}

	/**
	 * Plain text of an HTML body, as a reader sees it: line breaks for blocks and {@code <br>}, list items
	 * as "- ", links as "text (url)", quotes ({@code <blockquote>}) as "&gt; " lines so quoted history is
	 * recognised, no scripts or styles.
	 */
	static String text(String html) {
		Document document = Jsoup.parse(html);
		document.select("script, style, head, title, template, noscript").remove();
		StringBuilder out = new StringBuilder();
		render(document.body(), out, 0);
		return out.toString()
			.replace('\u00A0', ' ')
			.replaceAll("[ \t]+\n", "\n")
			.replaceAll("\n[ \t]+(?!>)", "\n")
			.replaceAll("\n{3,}", "\n\n")
			.strip();
	}

	private static void render(Node node, StringBuilder out, int depth) {
		if (node instanceof TextNode text) {
			String value = text.getWholeText();
			boolean pre = text.parent() instanceof Element parent && parent.closest("pre") != null;
			if (pre) {
				out.append(value);
				return;
			}
			String collapsed = value.replaceAll("[\\s\u00A0]+", " ");
			// Whitespace between blocks (the source's own line breaks) is no text.
			out.append(out.isEmpty() || out.charAt(out.length() - 1) == '\n' ? collapsed.stripLeading() : collapsed);
			return;
		}
		if (!(node instanceof Element element)) {
			return;
		}
		if (depth > 200) {
			out.append(element.text());
			return;
		}
		String tag = element.normalName();
		switch (tag) {
			case "br" -> {
				out.append('\n');
				return;
			}
			case "hr" -> {
				newline(out);
				out.append("\n");
				return;
			}
			case "img" -> {
				return;
			}
			case "blockquote" -> {
				StringBuilder inner = new StringBuilder();
				element.childNodes().forEach(child -> render(child, inner, depth + 1));
				newline(out);
				for (String line : inner.toString().strip().split("\n", -1)) {
					out.append(line.isBlank() ? ">" : "> " + line.strip()).append('\n');
				}
				return;
			}
			case "pre" -> {
				newline(out);
				element.childNodes().forEach(child -> render(child, out, depth + 1));
				newline(out);
				return;
			}
			case "li" -> {
				newline(out);
				out.append("- ");
				element.childNodes().forEach(child -> render(child, out, depth + 1));
				newline(out);
				return;
			}
			case "td", "th" -> {
				if (!out.isEmpty() && out.charAt(out.length() - 1) != '\n') {
					out.append("  ");
				}
				element.childNodes().forEach(child -> render(child, out, depth + 1));
				return;
			}
			case "a" -> {
				int start = out.length();
				element.childNodes().forEach(child -> render(child, out, depth + 1));
				String href = element.attr("href").strip();
				String shown = out.substring(start).strip();
				String bare = href.replaceFirst("(?i)^https?://", "").replaceFirst("/$", "");
				if (href.matches("(?i)^https?://.+") && !shown.isEmpty() && !shown.equals(href)
						&& !shown.replaceFirst("(?i)^https?://", "").replaceFirst("/$", "").equals(bare)) {
					out.append(" (").append(href).append(')');
				}
				return;
			}
			default -> {
			}
		}
		boolean block = BLOCKS.contains(tag);
		if (block) {
			newline(out);
		}
		int start = out.length();
		element.childNodes().forEach(child -> render(child, out, depth + 1));
		if (block) {
			newline(out);
			if (out.length() == start && element.wholeText().contains("\u00A0")) {
				out.append('\n'); // a block holding only &nbsp; is an empty line
			}
			if (PARAGRAPHS.contains(tag)) {
				out.append('\n');
			}
		}
	}

	private static void newline(StringBuilder out) {
		if (!out.isEmpty() && out.charAt(out.length() - 1) != '\n') {
			out.append('\n');
		}
	}

	/** A {@code cid:} reference as a Content-ID: URL-decoded (RFC 2392), without angle brackets. */
	static String cidValue(String reference) {
		String value = reference;
		if (value.indexOf('%') >= 0) {
			try {
				value = java.net.URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
			}
			catch (IllegalArgumentException notEncoded) {
				// Taken as written.
			}
		}
		return value.strip().replaceAll("^<|>$", "");
	}

	/** The Content-IDs of the {@code cid:} images the HTML shows in place. */
	static Set<String> cidReferences(@Nullable String html) {
		Set<String> referenced = new HashSet<>();
		if (html != null) {
			Matcher cid = CID_SOURCE.matcher(html);
			while (cid.find()) {
				referenced.add(cidValue(HtmlUtils.htmlUnescape(cid.group(1))));
			}
		}
		return referenced;
	}

}
