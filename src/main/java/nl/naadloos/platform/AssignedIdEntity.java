package nl.naadloos.platform;

import java.util.UUID;

import jakarta.persistence.MappedSuperclass;
import jakarta.persistence.PostLoad;
import jakarta.persistence.PostPersist;
import jakarta.persistence.Transient;
import org.jspecify.annotations.Nullable;

import org.springframework.data.domain.Persistable;

/**
 * Base of entities whose UUID is assigned in code. Without it Spring Data cannot tell a new entity from
 * a stored one (the id is never null), so every save of a new row first SELECTs it to merge; on the
 * inbound hot path that doubled the statements per message (see docs/benchmarks.md, Ingestion).
 */
@MappedSuperclass
public abstract class AssignedIdEntity implements Persistable<UUID> {

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
