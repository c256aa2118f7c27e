package nl.naadloos.platform.search;

import org.apache.lucene.analysis.core.LowerCaseFilterFactory;
import org.apache.lucene.analysis.core.StopFilterFactory;
import org.apache.lucene.analysis.core.WhitespaceTokenizerFactory;
import org.apache.lucene.analysis.en.EnglishPossessiveFilterFactory;
import org.apache.lucene.analysis.en.PorterStemFilterFactory;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilterFactory;
import org.apache.lucene.analysis.miscellaneous.StemmerOverrideFilterFactory;
import org.apache.lucene.analysis.ngram.EdgeNGramFilterFactory;
import org.apache.lucene.analysis.pattern.PatternTokenizerFactory;
import org.apache.lucene.analysis.snowball.SnowballPorterFilterFactory;
import org.apache.lucene.analysis.standard.StandardTokenizerFactory;
import org.hibernate.search.backend.lucene.analysis.LuceneAnalysisConfigurationContext;
import org.hibernate.search.backend.lucene.analysis.LuceneAnalysisConfigurer;

/**
 * The analyzers of the search indexes. Text is indexed twice, once stemmed as Dutch and once as
 * English, and queried on both, so "fiets" finds "fietsen" and "orders" finds "order".
 * {@code address} keeps e-mail addresses and phone numbers whole but case-insensitive.
 */
public class NaadloosAnalysisConfigurer implements LuceneAnalysisConfigurer {

	public static final String DUTCH = "dutch";

	public static final String ENGLISH = "english";

	/** Names of people and companies: lower-cased, accents folded ("Zoë" is found as "zoe"). */
	public static final String NAME = "name";

	/** {@link #NAME} plus the beginnings of every word, for the index side of type-ahead search. */
	public static final String NAME_PREFIX = "name_prefix";

	/** The letter and digit runs of an address and their beginnings, for the index side. */
	public static final String ADDRESS_PARTS = "address_parts";

	/** The query side of {@link #ADDRESS_PARTS}: letter and digit runs, lower-cased. */
	public static final String ADDRESS_QUERY = "address_query";

	@Override
	public void configure(LuceneAnalysisConfigurationContext context) {
		context.analyzer(DUTCH)
			.custom()
			.tokenizer(StandardTokenizerFactory.class)
			.tokenFilter(LowerCaseFilterFactory.class)
			.tokenFilter(ASCIIFoldingFilterFactory.class)
			.tokenFilter(StopFilterFactory.class)
			.param("words", "org/apache/lucene/analysis/snowball/dutch_stop.txt")
			.param("format", "snowball")
			.tokenFilter(StemmerOverrideFilterFactory.class)
			.param("dictionary", "search/dutch-stem-overrides.txt")
			.tokenFilter(SnowballPorterFilterFactory.class)
			.param("language", "Dutch");
		context.analyzer(ENGLISH)
			.custom()
			.tokenizer(StandardTokenizerFactory.class)
			.tokenFilter(EnglishPossessiveFilterFactory.class)
			.tokenFilter(LowerCaseFilterFactory.class)
			.tokenFilter(ASCIIFoldingFilterFactory.class)
			.tokenFilter(StopFilterFactory.class)
			.tokenFilter(PorterStemFilterFactory.class);
		context.analyzer("address").custom().tokenizer(WhitespaceTokenizerFactory.class).tokenFilter(LowerCaseFilterFactory.class);
		context.analyzer(NAME)
			.custom()
			.tokenizer(StandardTokenizerFactory.class)
			.tokenFilter(LowerCaseFilterFactory.class)
			.tokenFilter(ASCIIFoldingFilterFactory.class);
		// Indexed only: "ano" and "jans" find "Anouk Jansen" while it is being typed.
		context.analyzer(NAME_PREFIX)
			.custom()
			.tokenizer(StandardTokenizerFactory.class)
			.tokenFilter(LowerCaseFilterFactory.class)
			.tokenFilter(ASCIIFoldingFilterFactory.class)
			.tokenFilter(EdgeNGramFilterFactory.class)
			.param("minGramSize", "2")
			.param("maxGramSize", "20");
		// "klant42@example.nl" -> klant42, example, nl (and prefixes): parts of addresses find their contact.
		context.analyzer(ADDRESS_PARTS)
			.custom()
			.tokenizer(PatternTokenizerFactory.class)
			.param("pattern", "[^\\p{L}\\p{N}]+")
			.tokenFilter(LowerCaseFilterFactory.class)
			.tokenFilter(EdgeNGramFilterFactory.class)
			.param("minGramSize", "2")
			.param("maxGramSize", "30");
		context.analyzer(ADDRESS_QUERY)
			.custom()
			.tokenizer(PatternTokenizerFactory.class)
			.param("pattern", "[^\\p{L}\\p{N}]+")
			.tokenFilter(LowerCaseFilterFactory.class);
	}

}
