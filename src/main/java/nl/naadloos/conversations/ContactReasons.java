package nl.naadloos.conversations;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;

interface ContactReasons extends JpaRepository<ContactReason, String> {

	List<ContactReason> findAllByOrderByPositionAscNameAsc();

	boolean existsByParentKey(String parentKey);

}
