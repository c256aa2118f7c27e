package nl.naadloos.accounts;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.CrudRepository;

interface Agents extends CrudRepository<Agent, UUID> {

	Optional<Agent> findByEmail(String email);

	boolean existsByEmail(String email);

	long countByActiveTrue();

	List<Agent> findByActiveTrueOrderByNameAsc();

	@Query("""
			select a from Agent a
			where (a.name > :name or (a.name = :name and a.id > :id))
			  and (:active is null or a.active = :active)
			  and (:q is null or lower(a.name) like :q or a.email like :q)
			order by a.name, a.id""")
	List<Agent> pageAfter(String name, UUID id, @Nullable Boolean active, @Nullable String q, Limit limit);

	@Query("""
			select a from Agent a
			where (:active is null or a.active = :active)
			  and (:q is null or lower(a.name) like :q or a.email like :q)
			order by a.name, a.id""")
	List<Agent> firstPage(@Nullable Boolean active, @Nullable String q, Limit limit);

	@Query("select a from Agent a join a.teams t where t.id = :teamId order by a.name")
	List<Agent> findByTeam(UUID teamId);

}
