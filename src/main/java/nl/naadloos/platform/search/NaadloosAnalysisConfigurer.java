package nl.naadloos.platform.search;

import org.apache.lucene.analysis.core.LowerCaseFilterFactory;
import org.apache.lucene.analysis.core.StopFilterFactory;
import org.apache.lucene.analysis.core.WhitespaceTokenizerFactory;
import org.apache.lucene.analysis.en.EnglishPossessiveFilterFactory;
import org.apache.lucene.analysis.en.PorterStemFilterFactory;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilterFactory;
import org.apache.lucene.analysis.miscellaneous.StemmerOverrideFilterFactory;
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
	}

}
