package nl.naadloos.contacts;

import java.util.List;
import java.util.UUID;

import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.CrudRepository;

interface ContactAuditEntries extends CrudRepository<ContactAuditEntry, Long> {

	@Query("select e from ContactAuditEntry e where e.contactId = :contactId order by e.id desc")
	List<ContactAuditEntry> firstPage(UUID contactId, Limit limit);

	@Query("select e from ContactAuditEntry e where e.contactId = :contactId and e.id < :before order by e.id desc")
	List<ContactAuditEntry> pageAfter(UUID contactId, long before, Limit limit);

	boolean existsByContactId(UUID contactId);

	@Modifying
	@Query("delete from ContactAuditEntry e where e.contactId = :contactId")
	int deleteByContact(UUID contactId);

}
