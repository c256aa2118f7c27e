package nl.naadloos.contacts;

import java.util.UUID;

import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.CrudRepository;

interface ContactMerges extends CrudRepository<ContactMerge, UUID> {

	@Modifying
	@Query("delete from ContactMerge m where m.survivorId = :contactId or m.mergedId = :contactId")
	int deleteInvolving(UUID contactId);

}
