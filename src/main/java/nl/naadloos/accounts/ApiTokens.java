package nl.naadloos.accounts;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.CrudRepository;

interface ApiTokens extends CrudRepository<ApiToken, UUID> {

	@Query("select t from ApiToken t join fetch t.agent where t.tokenHash = ?1")
	Optional<ApiToken> findByHash(String tokenHash);

	@Query("select t from ApiToken t where t.agent.id = ?1 order by t.createdAt desc")
	List<ApiToken> findByAgent(UUID agentId);

}
