package nl.naadloos.platform.search;

import java.util.Set;
import java.util.TreeSet;

import org.hibernate.search.backend.elasticsearch.analysis.ElasticsearchAnalysisConfigurationContext;
import org.hibernate.search.backend.lucene.analysis.LuceneAnalysisConfigurationContext;
import org.junit.jupiter.api.Test;
import org.mockito.Answers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.atLeast;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.mockingDetails;
import static org.mockito.Mockito.verify;

/**
 * The Elasticsearch/OpenSearch analyzers (profile {@code elasticsearch}) must be the same set as the
 * local Lucene ones, or an index mapping names an analyzer the cluster does not know and the application
 * does not start.
 */
class AnalysisConfigurersTests {

	@Test
	void elasticsearchDefinesEveryAnalyzerThatLuceneDefines() {
		LuceneAnalysisConfigurationContext lucene = mock(LuceneAnalysisConfigurationContext.class,
				Answers.RETURNS_DEEP_STUBS);
		new NaadloosAnalysisConfigurer().configure(lucene);
		ElasticsearchAnalysisConfigurationContext elasticsearch = mock(ElasticsearchAnalysisConfigurationContext.class,
				Answers.RETURNS_DEEP_STUBS);
		new NaadloosElasticsearchAnalysisConfigurer().configure(elasticsearch);

		verify(lucene, atLeast(1)).analyzer(anyString());
		Set<String> luceneAnalyzers = analyzers(lucene);
		assertThat(luceneAnalyzers).contains(NaadloosAnalysisConfigurer.DUTCH, NaadloosAnalysisConfigurer.ENGLISH,
				NaadloosAnalysisConfigurer.NAME, NaadloosAnalysisConfigurer.NAME_PREFIX,
				NaadloosAnalysisConfigurer.ADDRESS_PARTS, NaadloosAnalysisConfigurer.ADDRESS_QUERY);
		assertThat(analyzers(elasticsearch)).isEqualTo(luceneAnalyzers);
	}

	@Test
	void theDutchStemOverridesBecomeElasticsearchRules() {
		assertThat(NaadloosElasticsearchAnalysisConfigurer.dutchStemOverrides()).contains("fiets => fiets",
				"fietsen => fiets");
		assertThat(NaadloosElasticsearchAnalysisConfigurer.dutchStemOverrides()).allMatch(rule -> !rule.startsWith("#"));
	}

	private static Set<String> analyzers(Object context) {
		Set<String> names = new TreeSet<>();
		mockingDetails(context).getInvocations()
			.stream()
			.filter(invocation -> invocation.getMethod().getName().equals("analyzer"))
			.forEach(invocation -> names.add(invocation.getArgument(0)));
		return names;
	}

}
