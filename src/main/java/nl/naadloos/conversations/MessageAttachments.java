package nl.naadloos.conversations;

import java.util.Collection;
import java.util.List;
import java.util.UUID;

import org.springframework.data.repository.CrudRepository;

interface MessageAttachments extends CrudRepository<MessageAttachment, UUID> {

	List<MessageAttachment> findByMessageIdInOrderByFileName(Collection<UUID> messageIds);

	boolean existsBySha256(String sha256);

}
