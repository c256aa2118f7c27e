package nl.naadloos.accounts;

import java.util.List;
import java.util.UUID;

import org.springframework.data.repository.CrudRepository;

interface Teams extends CrudRepository<Team, UUID> {

	List<Team> findAllByOrderByNameAsc();

	boolean existsByNameIgnoreCase(String name);

	boolean existsByNameIgnoreCaseAndIdNot(String name, UUID id);

}
