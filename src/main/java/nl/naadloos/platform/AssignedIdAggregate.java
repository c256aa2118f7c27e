package nl.naadloos.platform;

import java.util.UUID;

import jakarta.persistence.MappedSuperclass;
import jakarta.persistence.PostLoad;
import jakarta.persistence.PostPersist;
import jakarta.persistence.Transient;
import org.jspecify.annotations.Nullable;

import org.springframework.data.domain.AbstractAggregateRoot;
import org.springframework.data.domain.Persistable;

/** {@link AssignedIdEntity} for aggregate roots that publish domain events. */
@MappedSuperclass
public abstract class AssignedIdAggregate<A extends AbstractAggregateRoot<A>> extends AbstractAggregateRoot<A>
		implements Persistable<UUID> {

	@Transient
	private boolean fresh = true;

	@Override
	public abstract @Nullable UUID getId();

	@Override
	public boolean isNew() {
		return this.fresh;
	}

	@PostLoad
	@PostPersist
	void markStored() {
		this.fresh = false;
	}

}
