package nl.naadloos.contacts;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface Identities extends JpaRepository<Identity, UUID> {

	Optional<Identity> findByKindAndScopeAndAddress(IdentityKind kind, UUID scope, String address);

	default Optional<Identity> find(Address address) {
		return findByKindAndScopeAndAddress(address.kind(), address.scope(), address.address());
	}

	List<Identity> findByContactIdOrderByKindAscAddressAsc(UUID contactId);

	List<Identity> findByContactIdInOrderByKindAscAddressAsc(Collection<UUID> contactIds);

	Optional<Identity> findByIdAndContactId(UUID id, UUID contactId);

	@Modifying
	@Query("delete from Identity i where i.contactId = :contactId")
	int deleteByContact(UUID contactId);

}
