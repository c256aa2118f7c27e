package nl.naadloos.platform;

import java.util.List;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * One page of a cursor-paginated list. {@code nextCursor} is opaque to clients: they pass it back as
 * {@code ?cursor=} to get the following page, and it is {@code null} on the last page. Cursors stay
 * correct while rows are inserted, unlike offsets.
 *
 * @param items the items of this page, in list order
 * @param nextCursor the cursor of the next page, or {@code null} when there is none
 */
public record CursorPage<T>(List<T> items, @Nullable String nextCursor) {

	/**
	 * Builds a page from a query that fetched {@code limit + 1} rows: the extra row only tells that a
	 * next page exists, and the cursor is taken from the last row that is returned.
	 */
	public static <T> CursorPage<T> of(List<T> fetched, int limit, Function<T, Cursor> cursorOf) {
		if (fetched.size() <= limit) {
			return new CursorPage<>(List.copyOf(fetched), null);
		}
		List<T> page = List.copyOf(fetched.subList(0, limit));
		return new CursorPage<>(page, cursorOf.apply(page.get(limit - 1)).encode());
	}

	public <R> CursorPage<R> map(Function<T, R> mapper) {
		return new CursorPage<>(this.items.stream().map(mapper).toList(), this.nextCursor);
	}

}
