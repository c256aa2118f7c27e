package nl.naadloos.contacts;

import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

/**
 * Contacts. Lists and searches show only contacts that were not merged into another one. {@code q} is a
 * lower-case {@code like} pattern (escape character {@code !}) matched against the name and every
 * identity address; {@code exact} is an address in its normalised form (a phone number typed in any
 * format, an e-mail address with an international domain).
 */
interface Contacts extends JpaRepository<Contact, UUID> {

	@Query("""
			select c from Contact c
			where c.mergedInto is null
			  and (:q is null or lower(c.name) like :q escape '!'
			       or exists (select i.id from Identity i where i.contactId = c.id
			                  and (i.address like :q escape '!' or i.address = :exact)))
			order by c.name, c.id""")
	List<Contact> firstPage(@Nullable String q, @Nullable String exact, Limit limit);

	@Query("""
			select c from Contact c
			where c.mergedInto is null
			  and (c.name > :name or (c.name = :name and c.id > :id))
			  and (:q is null or lower(c.name) like :q escape '!'
			       or exists (select i.id from Identity i where i.contactId = c.id
			                  and (i.address like :q escape '!' or i.address = :exact)))
			order by c.name, c.id""")
	List<Contact> pageAfter(String name, UUID id, @Nullable String q, @Nullable String exact, Limit limit);

	List<Contact> findByMergedInto(UUID contactId);

}
