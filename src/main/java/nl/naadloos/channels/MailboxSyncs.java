package nl.naadloos.channels;

import java.util.UUID;

import org.springframework.data.repository.CrudRepository;

interface MailboxSyncs extends CrudRepository<MailboxSync, UUID> {

}
