package nl.naadloos.channels;

import java.util.List;
import java.util.UUID;

import org.springframework.data.repository.CrudRepository;

interface ChannelAccounts extends CrudRepository<ChannelAccount, UUID> {

	List<ChannelAccount> findAllByOrderByKindAscNameAsc();

}
