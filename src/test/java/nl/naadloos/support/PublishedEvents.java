package nl.naadloos.support;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.boot.test.context.TestComponent;
import org.springframework.context.event.EventListener;

/**
 * Every application event published in the context, on whatever thread (unlike
 * {@code @RecordApplicationEvents}, which sees only the test's own thread): for events that workers
 * publish. Add with {@code @Import(PublishedEvents.class)}.
 */
@TestComponent
public class PublishedEvents {

	private final List<Object> events = new CopyOnWriteArrayList<>();

	@EventListener
	void on(Object event) {
		this.events.add(event);
	}

	public <T> List<T> of(Class<T> type) {
		return this.events.stream().filter(type::isInstance).map(type::cast).toList();
	}

}
