package nl.naadloos.platform.search;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import org.hibernate.search.backend.elasticsearch.analysis.ElasticsearchAnalysisConfigurationContext;
import org.hibernate.search.backend.elasticsearch.analysis.ElasticsearchAnalysisConfigurer;

import static nl.naadloos.platform.search.NaadloosAnalysisConfigurer.ADDRESS_PARTS;
import static nl.naadloos.platform.search.NaadloosAnalysisConfigurer.ADDRESS_QUERY;
import static nl.naadloos.platform.search.NaadloosAnalysisConfigurer.DUTCH;
import static nl.naadloos.platform.search.NaadloosAnalysisConfigurer.ENGLISH;
import static nl.naadloos.platform.search.NaadloosAnalysisConfigurer.NAME;
import static nl.naadloos.platform.search.NaadloosAnalysisConfigurer.NAME_PREFIX;

/**
 * The same analyzers as {@link NaadloosAnalysisConfigurer}, for an Elasticsearch or OpenSearch cluster
 * (profile {@code elasticsearch}), built from the cluster's own tokenizers and filters.
 */
public class NaadloosElasticsearchAnalysisConfigurer implements ElasticsearchAnalysisConfigurer {

	@Override
	public void configure(ElasticsearchAnalysisConfigurationContext context) {
		context.tokenFilter("naadloos_dutch_stop").type("stop").param("stopwords", "_dutch_");
		context.tokenFilter("naadloos_dutch_overrides").type("stemmer_override").param("rules", dutchStemOverrides());
		context.tokenFilter("naadloos_dutch_snowball").type("snowball").param("language", "Dutch");
		context.tokenFilter("naadloos_english_possessive").type("stemmer").param("language", "possessive_english");
		context.tokenFilter("naadloos_english_stop").type("stop").param("stopwords", "_english_");
		context.tokenFilter("naadloos_prefixes_20").type("edge_ngram").param("min_gram", 2).param("max_gram", 20);
		context.tokenFilter("naadloos_prefixes_30").type("edge_ngram").param("min_gram", 2).param("max_gram", 30);
		context.tokenizer("naadloos_letters_digits").type("pattern").param("pattern", "[^\\p{L}\\p{N}]+");

		context.analyzer(DUTCH)
			.custom()
			.tokenizer("standard")
			.tokenFilters("lowercase", "asciifolding", "naadloos_dutch_stop", "naadloos_dutch_overrides",
					"naadloos_dutch_snowball");
		context.analyzer(ENGLISH)
			.custom()
			.tokenizer("standard")
			.tokenFilters("naadloos_english_possessive", "lowercase", "asciifolding", "naadloos_english_stop",
					"porter_stem");
		context.analyzer("address").custom().tokenizer("whitespace").tokenFilters("lowercase");
		context.analyzer(NAME).custom().tokenizer("standard").tokenFilters("lowercase", "asciifolding");
		context.analyzer(NAME_PREFIX)
			.custom()
			.tokenizer("standard")
			.tokenFilters("lowercase", "asciifolding", "naadloos_prefixes_20");
		context.analyzer(ADDRESS_PARTS)
			.custom()
			.tokenizer("naadloos_letters_digits")
			.tokenFilters("lowercase", "naadloos_prefixes_30");
		context.analyzer(ADDRESS_QUERY).custom().tokenizer("naadloos_letters_digits").tokenFilters("lowercase");
	}

	/** The overrides the Lucene analyzer reads from its dictionary, as "word => stem" rules. */
	static String[] dutchStemOverrides() {
		try (InputStream in = NaadloosElasticsearchAnalysisConfigurer.class.getClassLoader()
			.getResourceAsStream("search/dutch-stem-overrides.txt")) {
			if (in == null) {
				throw new IllegalStateException("search/dutch-stem-overrides.txt is missing from the class path");
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
				.map(String::strip)
				.filter(line -> !line.isEmpty() && !line.startsWith("#"))
				.map(line -> line.split("\t", 2))
				.filter(parts -> parts.length == 2)
				.map(parts -> parts[0].strip() + " => " + parts[1].strip())
				.toArray(String[]::new);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
